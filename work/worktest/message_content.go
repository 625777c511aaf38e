package worktest

import (
	"strconv"
	"time"
)

// The content of mass messages, welcome messages and group welcome
// templates, with WeCom's wire names, and the checks they share.

// MsgText is a message's text part.
type MsgText struct {
	Content string `json:"content"`
}

// MsgImage is an image, by media_id or by a media/uploadimg pic_url.
type MsgImage struct {
	MediaID string `json:"media_id,omitempty"`
	PicURL  string `json:"pic_url,omitempty"`
}

// MsgLink is a link card.
type MsgLink struct {
	Title  string `json:"title"`
	PicURL string `json:"picurl,omitempty"`
	Desc   string `json:"desc,omitempty"`
	URL    string `json:"url"`
}

// MsgMiniProgram is a mini-program card.
type MsgMiniProgram struct {
	Title      string `json:"title"`
	PicMediaID string `json:"pic_media_id"`
	AppID      string `json:"appid"`
	Page       string `json:"page"`
}

// MsgMedia is a video or a file, by media_id.
type MsgMedia struct {
	MediaID string `json:"media_id"`
}

// MsgAttachment is one attachment: MsgType names the part that is set.
type MsgAttachment struct {
	MsgType     string          `json:"msgtype"`
	Image       *MsgImage       `json:"image,omitempty"`
	Link        *MsgLink        `json:"link,omitempty"`
	MiniProgram *MsgMiniProgram `json:"miniprogram,omitempty"`
	Video       *MsgMedia       `json:"video,omitempty"`
	File        *MsgMedia       `json:"file,omitempty"`
}

// Content bounds of mass and welcome messages.
const (
	maxMsgTextBytes   = 4000
	maxMsgAttachments = 9
	maxLinkTitleBytes = 128
	maxLinkDescBytes  = 512
	maxLinkURLBytes   = 2048
	maxMiniTitleBytes = 64
)

// checkMsgContent applies the rules of a mass or welcome message: text or
// attachments, text at most 4000 bytes, at most 9 attachments, each
// complete and naming valid media (40007).
func (st *store) checkMsgContent(text *MsgText, atts []MsgAttachment, now time.Time) error {
	if (text == nil || text.Content == "") && len(atts) == 0 {
		return errParam("text and attachments are both empty")
	}
	if text != nil && len(text.Content) > maxMsgTextBytes {
		return errParam("text.content has %d bytes, at most %d", len(text.Content), maxMsgTextBytes)
	}
	if len(atts) > maxMsgAttachments {
		return errParam("attachments has %d items, at most %d", len(atts), maxMsgAttachments)
	}
	for i, a := range atts {
		if err := st.checkAttachment("attachments["+strconv.Itoa(i)+"]", a, now); err != nil {
			return err
		}
	}
	return nil
}

// checkAttachment checks one attachment; field is its name in errmsgs.
func (st *store) checkAttachment(field string, a MsgAttachment, now time.Time) error {
	switch a.MsgType {
	case "image":
		return st.checkImage(field+".image", a.Image, now)
	case "link":
		return checkLink(field+".link", a.Link)
	case "miniprogram":
		return st.checkMiniProgram(field+".miniprogram", a.MiniProgram, now)
	case "video":
		if a.Video == nil {
			return errParam("%s.video is required", field)
		}
		return st.checkMediaID(field+".video.media_id", a.Video.MediaID, now)
	case "file":
		if a.File == nil {
			return errParam("%s.file is required", field)
		}
		return st.checkMediaID(field+".file.media_id", a.File.MediaID, now)
	}
	return errParam("%s.msgtype %q is not image, link, miniprogram, video or file", field, a.MsgType)
}

func (st *store) checkImage(field string, im *MsgImage, now time.Time) error {
	switch {
	case im == nil:
		return errParam("%s is required", field)
	case im.MediaID != "":
		return st.checkMediaID(field+".media_id", im.MediaID, now) // media_id wins over pic_url
	case im.PicURL == "":
		return errParam("%s needs media_id or pic_url", field)
	}
	return nil
}

func checkLink(field string, l *MsgLink) error {
	switch {
	case l == nil:
		return errParam("%s is required", field)
	case l.Title == "":
		return errParam("%s.title is required", field)
	case l.URL == "":
		return errParam("%s.url is required", field)
	case len(l.Title) > maxLinkTitleBytes:
		return errParam("%s.title has more than %d bytes", field, maxLinkTitleBytes)
	case len(l.Desc) > maxLinkDescBytes:
		return errParam("%s.desc has more than %d bytes", field, maxLinkDescBytes)
	case len(l.URL) > maxLinkURLBytes:
		return errParam("%s.url has more than %d bytes", field, maxLinkURLBytes)
	}
	return nil
}

func (st *store) checkMiniProgram(field string, m *MsgMiniProgram, now time.Time) error {
	switch {
	case m == nil:
		return errParam("%s is required", field)
	case m.Title == "":
		return errParam("%s.title is required", field)
	case m.AppID == "":
		return errParam("%s.appid is required", field)
	case m.Page == "":
		return errParam("%s.page is required", field)
	case len(m.Title) > maxMiniTitleBytes:
		return errParam("%s.title has more than %d bytes", field, maxMiniTitleBytes)
	}
	return st.checkMediaID(field+".pic_media_id", m.PicMediaID, now)
}
