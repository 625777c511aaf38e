package school

import (
	"strconv"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

// MsgType is a school notice's kind (msgtype).
type MsgType string

// Notice kinds.
const (
	MsgText        MsgType = "text"
	MsgImage       MsgType = "image"
	MsgVoice       MsgType = "voice"
	MsgVideo       MsgType = "video"
	MsgFile        MsgType = "file"
	MsgNews        MsgType = "news"
	MsgMPNews      MsgType = "mpnews"
	MsgMiniProgram MsgType = "miniprogram"
)

// Limits of a notice's content, as WeCom documents them (in bytes).
const (
	MaxTextBytes             = 2048
	MaxTitleBytes            = 128
	MaxDescriptionBytes      = 512
	MaxURLBytes              = 2048
	MaxAuthorBytes           = 64
	MaxDigestBytes           = 512
	MaxMPNewsContentBytes    = 666 << 10
	MaxArticles              = 8
	MaxMiniProgramTitleBytes = 64
)

// Media is an image, a voice message or a file, by the media_id of
// media/upload.
type Media struct {
	MediaID string `json:"media_id"`
}

// Video is a video with its title and description.
type Video struct {
	MediaID string `json:"media_id"`
	// Title has at most 128 bytes.
	Title string `json:"title,omitempty"`
	// Description has at most 512 bytes.
	Description string `json:"description,omitempty"`
}

// Article is one article of a news notice (图文消息).
type Article struct {
	// Title is required, at most 128 bytes.
	Title string `json:"title"`
	// Description has at most 512 bytes.
	Description string `json:"description,omitempty"`
	// URL is where the article leads (required, at most 2048 bytes).
	URL string `json:"url"`
	// PicURL is the cover image's URL.
	PicURL string `json:"picurl,omitempty"`
}

// News is a news notice: 1 to 8 articles.
type News struct {
	Articles []Article `json:"articles"`
}

// MPArticle is one article of an mpnews notice, stored by WeCom.
type MPArticle struct {
	// Title is required, at most 128 bytes.
	Title string `json:"title"`
	// ThumbMediaID is the cover's media_id (required).
	ThumbMediaID string `json:"thumb_media_id"`
	// Author has at most 64 bytes.
	Author string `json:"author,omitempty"`
	// ContentSourceURL is the 阅读原文 link.
	ContentSourceURL string `json:"content_source_url,omitempty"`
	// Content is the article's HTML (required, at most 666 KB).
	Content string `json:"content"`
	// Digest has at most 512 bytes.
	Digest string `json:"digest,omitempty"`
}

// MPNews is an mpnews notice: 1 to 8 articles.
type MPNews struct {
	Articles []MPArticle `json:"articles"`
}

// MiniProgram is a mini-program card.
type MiniProgram struct {
	AppID string `json:"appid"`
	// Title has at most 64 bytes.
	Title        string `json:"title"`
	ThumbMediaID string `json:"thumb_media_id"`
	PagePath     string `json:"pagepath"`
}

// Message is what a notice says: MsgType names the one part that is set.
// Build one with NewText, NewImage, NewVoice, NewVideo, NewFile, NewNews,
// NewMPNews or NewMiniProgram.
type Message struct {
	MsgType     MsgType
	Text        *content.Text
	Image       *Media
	Voice       *Media
	Video       *Video
	File        *Media
	News        *News
	MPNews      *MPNews
	MiniProgram *MiniProgram
}

// NewText returns a text notice (at most 2048 bytes; WeCom's <a href> links
// are allowed).
func NewText(text string) Message {
	return Message{MsgType: MsgText, Text: &content.Text{Content: text}}
}

// NewImage returns an image notice.
func NewImage(mediaID string) Message {
	return Message{MsgType: MsgImage, Image: &Media{MediaID: mediaID}}
}

// NewVoice returns a voice notice.
func NewVoice(mediaID string) Message {
	return Message{MsgType: MsgVoice, Voice: &Media{MediaID: mediaID}}
}

// NewVideo returns a video notice.
func NewVideo(v Video) Message { return Message{MsgType: MsgVideo, Video: &v} }

// NewFile returns a file notice.
func NewFile(mediaID string) Message {
	return Message{MsgType: MsgFile, File: &Media{MediaID: mediaID}}
}

// NewNews returns a news notice of the articles.
func NewNews(articles ...Article) Message {
	return Message{MsgType: MsgNews, News: &News{Articles: articles}}
}

// NewMPNews returns an mpnews notice of the articles.
func NewMPNews(articles ...MPArticle) Message {
	return Message{MsgType: MsgMPNews, MPNews: &MPNews{Articles: articles}}
}

// NewMiniProgram returns a mini-program notice.
func NewMiniProgram(m MiniProgram) Message {
	return Message{MsgType: MsgMiniProgram, MiniProgram: &m}
}

func required(field, v string) error { return core.Required(field, v) }

func maxBytes(field, v string, n int) error {
	if len(v) > n {
		return &core.ArgError{Field: field, Reason: "has " + strconv.Itoa(len(v)) + " bytes, at most " + strconv.Itoa(n) + " allowed"}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// validate checks that exactly the part MsgType names is set and that it
// keeps WeCom's limits.
func (m *Message) validate() error {
	set := 0
	for _, p := range []bool{m.Text != nil, m.Image != nil, m.Voice != nil, m.Video != nil, m.File != nil,
		m.News != nil, m.MPNews != nil, m.MiniProgram != nil} {
		if p {
			set++
		}
	}
	if m.MsgType == "" {
		return &core.ArgError{Field: "msgtype", Reason: "is required"}
	}
	missing := func() error {
		return &core.ArgError{Field: string(m.MsgType), Reason: "is required for msgtype " + string(m.MsgType)}
	}
	switch m.MsgType {
	case MsgText:
		if m.Text == nil {
			return missing()
		}
	case MsgImage:
		if m.Image == nil {
			return missing()
		}
	case MsgVoice:
		if m.Voice == nil {
			return missing()
		}
	case MsgVideo:
		if m.Video == nil {
			return missing()
		}
	case MsgFile:
		if m.File == nil {
			return missing()
		}
	case MsgNews:
		if m.News == nil {
			return missing()
		}
	case MsgMPNews:
		if m.MPNews == nil {
			return missing()
		}
	case MsgMiniProgram:
		if m.MiniProgram == nil {
			return missing()
		}
	default:
		return &core.ArgError{Field: "msgtype", Reason: strconv.Quote(string(m.MsgType)) +
			" is not one of text, image, voice, video, file, news, mpnews, miniprogram"}
	}
	if set != 1 {
		return &core.ArgError{Field: "msgtype", Reason: "is " + string(m.MsgType) + " but " + strconv.Itoa(set) + " parts are set: set exactly the one it names"}
	}
	switch {
	case m.Text != nil:
		return firstErr(required("text.content", m.Text.Content), maxBytes("text.content", m.Text.Content, MaxTextBytes))
	case m.Image != nil:
		return required("image.media_id", m.Image.MediaID)
	case m.Voice != nil:
		return required("voice.media_id", m.Voice.MediaID)
	case m.File != nil:
		return required("file.media_id", m.File.MediaID)
	case m.Video != nil:
		v := m.Video
		return firstErr(required("video.media_id", v.MediaID), maxBytes("video.title", v.Title, MaxTitleBytes),
			maxBytes("video.description", v.Description, MaxDescriptionBytes))
	case m.News != nil:
		return m.News.validate()
	case m.MPNews != nil:
		return m.MPNews.validate()
	}
	p := m.MiniProgram
	return firstErr(required("miniprogram.appid", p.AppID), required("miniprogram.title", p.Title),
		maxBytes("miniprogram.title", p.Title, MaxMiniProgramTitleBytes),
		required("miniprogram.thumb_media_id", p.ThumbMediaID), required("miniprogram.pagepath", p.PagePath))
}

func articleCount(field string, n int) error {
	if n == 0 || n > MaxArticles {
		return &core.ArgError{Field: field, Reason: "has " + strconv.Itoa(n) + " articles, 1 to " + strconv.Itoa(MaxArticles) + " allowed"}
	}
	return nil
}

func (n *News) validate() error {
	if err := articleCount("news.articles", len(n.Articles)); err != nil {
		return err
	}
	for i, a := range n.Articles {
		f := "news.articles[" + strconv.Itoa(i) + "]."
		if err := firstErr(required(f+"title", a.Title), maxBytes(f+"title", a.Title, MaxTitleBytes),
			maxBytes(f+"description", a.Description, MaxDescriptionBytes),
			required(f+"url", a.URL), maxBytes(f+"url", a.URL, MaxURLBytes), maxBytes(f+"picurl", a.PicURL, MaxURLBytes)); err != nil {
			return err
		}
	}
	return nil
}

func (n *MPNews) validate() error {
	if err := articleCount("mpnews.articles", len(n.Articles)); err != nil {
		return err
	}
	for i, a := range n.Articles {
		f := "mpnews.articles[" + strconv.Itoa(i) + "]."
		if err := firstErr(required(f+"title", a.Title), maxBytes(f+"title", a.Title, MaxTitleBytes),
			required(f+"thumb_media_id", a.ThumbMediaID), maxBytes(f+"author", a.Author, MaxAuthorBytes),
			maxBytes(f+"content_source_url", a.ContentSourceURL, MaxURLBytes),
			required(f+"content", a.Content), maxBytes(f+"content", a.Content, MaxMPNewsContentBytes),
			maxBytes(f+"digest", a.Digest, MaxDigestBytes)); err != nil {
			return err
		}
	}
	return nil
}
