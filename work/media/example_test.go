package media_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/message"
	"github.com/wecomkit/wecom/work/worktest"
)

// Upload an image and put its media_id into a welcome or mass message; it
// is valid for 3 days.
func ExampleClient_Upload() {
	sim := worktest.NewServer(worktest.WithSeed(21))
	defer sim.Close()
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	photo := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 2048)...) // a JPEG, from a file or a request
	up, err := app.Media().Upload(ctx, media.Image, media.Upload{Name: "store-front.jpg", Body: bytes.NewReader(photo)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(up.Type, "valid until", up.ExpiresAt.UTC().Format(time.DateTime))

	_, err = app.ExternalContactMessage().Submit(ctx, &message.MsgTemplate{Sender: "zhangsan",
		Attachments: []content.Attachment{content.NewImage(up.MediaID)}})
	fmt.Println("submit:", err)

	// Checked before sending: WeCom takes JPG and PNG images only.
	_, err = app.Media().Upload(ctx, media.Image, media.Upload{Name: "anim.gif", Body: bytes.NewReader([]byte("GIF89a......"))})
	fmt.Println(errors.Is(err, core.ErrInvalidArgument), err)

	// Three days later the media_id is gone.
	sim.Clock().Advance(media.TempMediaTTL)
	_, err = app.ExternalContactMessage().Submit(ctx, &message.MsgTemplate{Sender: "zhangsan",
		Attachments: []content.Attachment{content.NewImage(up.MediaID)}})
	fmt.Println("expired:", errors.Is(err, media.ErrInvalidMediaID))
	// Output:
	// image valid until 2024-05-04 02:00:00
	// submit: <nil>
	// true wecom: media/upload: invalid media: file name "anim.gif" must end in .jpg, .jpeg, .png (a JPG or PNG image)
	// expired: true
}

// Upload the image of a product album (商品图册) with upload_attachment.
func ExampleClient_UploadAttachment() {
	sim := worktest.NewServer(worktest.WithSeed(22))
	defer sim.Close()
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 512)...)
	up, err := app.Media().UploadAttachment(context.Background(), &media.AttachmentRequest{
		AttachmentType: media.AttachmentProductAlbum,
		MediaType:      media.Image,
		File:           media.Upload{Name: "sku-1001.png", Body: bytes.NewReader(png)},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(up.Type, up.CreatedAt, up.Expired(sim.Clock().Now()))

	// A product album takes images only.
	_, err = app.Media().UploadAttachment(context.Background(), &media.AttachmentRequest{
		AttachmentType: media.AttachmentProductAlbum, MediaType: media.Video,
		File: media.Upload{Name: "sku.mp4", Body: bytes.NewReader(png)}})
	fmt.Println(err)
	// Output:
	// image 1714528800 false
	// wecom: media/upload_attachment: invalid media_type: "video" is not taken by product albums (image)
}
