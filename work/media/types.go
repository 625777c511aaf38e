package media

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// Type is a media type: the query parameter type of media/upload and
// media_type of media/upload_attachment.
type Type string

// Media types.
const (
	// Image is a JPG or PNG image of at most 10 MB.
	Image Type = "image"
	// Voice is an AMR recording of at most 2 MB and 60 s (media/upload only).
	Voice Type = "voice"
	// Video is an MP4 video of at most 10 MB.
	Video Type = "video"
	// File is any file of at most 20 MB.
	File Type = "file"
)

// String returns the wire name.
func (t Type) String() string { return string(t) }

// AttachmentType says what an attachment of media/upload_attachment is for
// (the query parameter attachment_type).
type AttachmentType int

// Attachment types.
const (
	// AttachmentMoment is an attachment of a moment (客户朋友圈,
	// add_moment_task): an image or a video.
	AttachmentMoment AttachmentType = 1
	// AttachmentProductAlbum is an image of a product album (商品图册,
	// add_product_album).
	AttachmentProductAlbum AttachmentType = 2
)

// String names the attachment type.
func (t AttachmentType) String() string {
	switch t {
	case AttachmentMoment:
		return "moment"
	case AttachmentProductAlbum:
		return "product album"
	}
	return "AttachmentType(" + strconv.Itoa(int(t)) + ")"
}

// TempMediaTTL is how long a media_id of media/upload or
// media/upload_attachment stays valid after its created_at.
const TempMediaTTL = 3 * 24 * time.Hour

// ErrInvalidMediaID matches (errors.Is) errcode 40007: a media_id that
// WeCom does not know, or no longer knows because its 3 days are over.
// Upload the file again.
var ErrInvalidMediaID = &core.APIError{Code: 40007, Message: "invalid media_id"}

// Upload is a file to send: its name (with the extension WeCom reads the
// format from, e.g. "poster.png") and its content. Body is read once, up
// to the size limit of the media type plus one byte; the caller closes it.
type Upload struct {
	Name string
	Body io.Reader
}

// Uploaded is the answer of media/upload and media/upload_attachment.
type Uploaded struct {
	// Type is the media type WeCom stored.
	Type Type `json:"type"`
	// MediaID names the file in messages, for TempMediaTTL.
	MediaID string `json:"media_id"`
	// CreatedAt is the upload time, Unix seconds. WeCom sends it as a
	// string ("1380000000") from media/upload; either form is read.
	CreatedAt int64 `json:"-"`
	// ExpiresAt is CreatedAt plus TempMediaTTL: the media_id fails with
	// ErrInvalidMediaID after it.
	ExpiresAt time.Time `json:"-"`
}

// Expired reports whether the media_id is past its 3 days at now.
func (u *Uploaded) Expired(now time.Time) bool { return !now.Before(u.ExpiresAt) }

// UnmarshalJSON reads created_at as a number or a string of digits and
// fills in ExpiresAt.
func (u *Uploaded) UnmarshalJSON(b []byte) error {
	type plain Uploaded
	var w struct {
		*plain
		CreatedAt json.RawMessage `json:"created_at"`
	}
	w.plain = (*plain)(u)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s := strings.Trim(string(w.CreatedAt), `"`)
	if s == "" || s == "null" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("media: created_at %s is not a Unix time", w.CreatedAt)
	}
	u.CreatedAt = n
	u.ExpiresAt = time.Unix(n, 0).Add(TempMediaTTL)
	return nil
}

// ImageURL is the answer of media/uploadimg: a permanent image URL for
// pic_url fields (a message's image, a link's picurl).
type ImageURL struct {
	URL string `json:"url"`
}
