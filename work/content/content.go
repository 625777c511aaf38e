package content

import (
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// Text is a text message part.
type Text struct {
	// Content is the text; WeCom counts its limit in bytes for messages
	// (4000) and in characters for moments (2000).
	Content string `json:"content"`
}

// Image is an image: a media_id from media/upload (or, for moments and
// product albums, media/upload_attachment), or for some calls a pic_url
// from media/uploadimg.
type Image struct {
	MediaID string `json:"media_id,omitempty"`
	PicURL  string `json:"pic_url,omitempty"`
}

// Link is a link card (图文消息).
type Link struct {
	Title  string `json:"title"`
	PicURL string `json:"picurl,omitempty"`
	Desc   string `json:"desc,omitempty"`
	URL    string `json:"url"`
	// MediaID is the cover of a moment's link (add_moment_task only).
	MediaID string `json:"media_id,omitempty"`
}

// MiniProgram is a mini-program card (小程序消息).
type MiniProgram struct {
	Title      string `json:"title"`
	PicMediaID string `json:"pic_media_id"`
	AppID      string `json:"appid"`
	Page       string `json:"page"`
}

// Video is a video, by media_id.
type Video struct {
	MediaID string `json:"media_id"`
}

// File is a file, by media_id.
type File struct {
	MediaID string `json:"media_id"`
}

// MsgType names an attachment's kind on the wire.
type MsgType string

// Attachment kinds.
const (
	MsgImage       MsgType = "image"
	MsgLink        MsgType = "link"
	MsgMiniProgram MsgType = "miniprogram"
	MsgVideo       MsgType = "video"
	MsgFile        MsgType = "file"
)

// Attachment is one attachment: MsgType says which field is set. Build one
// with NewImage, NewLink, NewMiniProgram, NewVideo or NewFile.
type Attachment struct {
	MsgType     MsgType      `json:"msgtype"`
	Image       *Image       `json:"image,omitempty"`
	Link        *Link        `json:"link,omitempty"`
	MiniProgram *MiniProgram `json:"miniprogram,omitempty"`
	Video       *Video       `json:"video,omitempty"`
	File        *File        `json:"file,omitempty"`
}

// NewImage returns an image attachment of an uploaded media_id.
func NewImage(mediaID string) Attachment {
	return Attachment{MsgType: MsgImage, Image: &Image{MediaID: mediaID}}
}

// NewImageURL returns an image attachment of a pic_url (media/uploadimg).
func NewImageURL(picURL string) Attachment {
	return Attachment{MsgType: MsgImage, Image: &Image{PicURL: picURL}}
}

// NewLink returns a link attachment.
func NewLink(l Link) Attachment { return Attachment{MsgType: MsgLink, Link: &l} }

// NewMiniProgram returns a mini-program attachment.
func NewMiniProgram(m MiniProgram) Attachment {
	return Attachment{MsgType: MsgMiniProgram, MiniProgram: &m}
}

// NewVideo returns a video attachment.
func NewVideo(mediaID string) Attachment {
	return Attachment{MsgType: MsgVideo, Video: &Video{MediaID: mediaID}}
}

// NewFile returns a file attachment.
func NewFile(mediaID string) Attachment {
	return Attachment{MsgType: MsgFile, File: &File{MediaID: mediaID}}
}

// Limits are one endpoint's rules for its content.
type Limits struct {
	// TextMaxBytes bounds Text.Content in bytes (0: no bound checked).
	TextMaxBytes int
	// TextMaxRunes bounds Text.Content in characters (0: no bound checked).
	TextMaxRunes int
	// MaxAttachments bounds the number of attachments (0: none allowed).
	MaxAttachments int
	// Kinds are the attachment kinds the endpoint takes.
	Kinds []MsgType
	// ImageURL allows an image given by pic_url instead of media_id.
	ImageURL bool
	// LinkCover requires a link's media_id cover (moments) instead of a
	// picurl.
	LinkCover bool
}

// Byte limits WeCom documents for the parts of a link and a mini program
// in messages.
const (
	LinkTitleMaxBytes        = 128
	LinkDescMaxBytes         = 512
	LinkURLMaxBytes          = 2048
	MiniProgramTitleMaxBytes = 64
)

// ValidateText checks a text part against l; field is its wire name.
func ValidateText(field string, t *Text, l Limits) error {
	if t == nil {
		return nil
	}
	if l.TextMaxBytes > 0 && len(t.Content) > l.TextMaxBytes {
		return &core.ArgError{Field: field + ".content", Reason: "has " + strconv.Itoa(len(t.Content)) + " bytes, at most " + strconv.Itoa(l.TextMaxBytes) + " allowed"}
	}
	if l.TextMaxRunes > 0 {
		return core.MaxRunes(field+".content", t.Content, l.TextMaxRunes)
	}
	return nil
}

// ValidateAttachments checks attachments against l; field is their wire
// name ("attachments").
func ValidateAttachments(field string, atts []Attachment, l Limits) error {
	if len(atts) > l.MaxAttachments {
		if l.MaxAttachments == 0 {
			return &core.ArgError{Field: field, Reason: "are not taken by this call"}
		}
		return &core.ArgError{Field: field, Reason: "has " + strconv.Itoa(len(atts)) + " items, at most " + strconv.Itoa(l.MaxAttachments) + " allowed"}
	}
	for i, a := range atts {
		if err := validateAttachment(field+"["+strconv.Itoa(i)+"]", a, l); err != nil {
			return err
		}
	}
	return nil
}

func validateAttachment(f string, a Attachment, l Limits) error {
	bad := func(sub, reason string) error { return &core.ArgError{Field: f + sub, Reason: reason} }
	allowed := false
	for _, k := range l.Kinds {
		allowed = allowed || k == a.MsgType
	}
	if !allowed {
		return bad(".msgtype", strconv.Quote(string(a.MsgType))+" is not taken by this call")
	}
	set := 0
	for _, p := range []bool{a.Image != nil, a.Link != nil, a.MiniProgram != nil, a.Video != nil, a.File != nil} {
		if p {
			set++
		}
	}
	if set != 1 {
		return bad("", "needs exactly the one part its msgtype names")
	}
	switch a.MsgType {
	case MsgImage:
		if a.Image == nil {
			return bad(".image", "is required for msgtype image")
		}
		if a.Image.MediaID == "" && (a.Image.PicURL == "" || !l.ImageURL) {
			return bad(".image.media_id", "is required")
		}
		if a.Image.MediaID != "" && a.Image.PicURL != "" {
			return bad(".image", "takes media_id or pic_url, not both")
		}
	case MsgLink:
		k := a.Link
		if k == nil {
			return bad(".link", "is required for msgtype link")
		}
		if k.Title == "" {
			return bad(".link.title", "is required")
		}
		if k.URL == "" {
			return bad(".link.url", "is required")
		}
		if len(k.Title) > LinkTitleMaxBytes {
			return bad(".link.title", "has more than "+strconv.Itoa(LinkTitleMaxBytes)+" bytes")
		}
		if len(k.Desc) > LinkDescMaxBytes {
			return bad(".link.desc", "has more than "+strconv.Itoa(LinkDescMaxBytes)+" bytes")
		}
		if len(k.URL) > LinkURLMaxBytes {
			return bad(".link.url", "has more than "+strconv.Itoa(LinkURLMaxBytes)+" bytes")
		}
		if l.LinkCover && k.MediaID == "" {
			return bad(".link.media_id", "is required (the cover)")
		}
	case MsgMiniProgram:
		m := a.MiniProgram
		if m == nil {
			return bad(".miniprogram", "is required for msgtype miniprogram")
		}
		for _, req := range [][2]string{{"title", m.Title}, {"pic_media_id", m.PicMediaID}, {"appid", m.AppID}, {"page", m.Page}} {
			if req[1] == "" {
				return bad(".miniprogram."+req[0], "is required")
			}
		}
		if len(m.Title) > MiniProgramTitleMaxBytes {
			return bad(".miniprogram.title", "has more than "+strconv.Itoa(MiniProgramTitleMaxBytes)+" bytes")
		}
	case MsgVideo:
		if a.Video == nil || a.Video.MediaID == "" {
			return bad(".video.media_id", "is required")
		}
	case MsgFile:
		if a.File == nil || a.File.MediaID == "" {
			return bad(".file.media_id", "is required")
		}
	}
	return nil
}
