package content_test

import (
	"encoding/json"
	"fmt"

	"github.com/wecomkit/wecom/work/content"
)

// A mass message's attachments, checked with add_msg_template's limits
// before anything is sent.
func ExampleValidateAttachments() {
	atts := []content.Attachment{
		content.NewImage("3Z9Xv…MEDIA_ID"),
		content.NewLink(content.Link{Title: "Spring sale", URL: "https://example.com/sale"}),
	}
	limits := content.Limits{MaxAttachments: 9, Kinds: []content.MsgType{content.MsgImage, content.MsgLink}}
	fmt.Println(content.ValidateAttachments("attachments", atts, limits))

	b, _ := json.Marshal(atts[1])
	fmt.Println(string(b))

	bad := []content.Attachment{content.NewLink(content.Link{Title: "no url"})}
	fmt.Println(content.ValidateAttachments("attachments", bad, limits))
	// Output:
	// <nil>
	// {"msgtype":"link","link":{"title":"Spring sale","url":"https://example.com/sale"}}
	// wecom: invalid attachments[0].link.url: is required
}
