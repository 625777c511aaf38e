package media

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

var (
	epUpload = endpoints.Add(core.Write("media/upload"), core.Meta{
		Doc: "90253", Title: "上传临时素材", EasyWeChat: "media->upload", WxJava: "WxCpMediaService.upload",
		Note: "Takes an io.Reader and a file name instead of a path; size and format are checked before sending; created_at (a string on the wire) is an int64 with ExpiresAt."})
	epUploadImg = endpoints.Add(core.Write("media/uploadimg"), core.Meta{
		Doc: "90256", Title: "上传图片", WxJava: "WxCpMediaService.uploadImg",
		Note: "EasyWeChat v5's Work media client has no uploadimg (its uploadImage is media/upload with type image). WeCom allows 100 images a corp a day."})
	epUploadAttachment = endpoints.Add(core.Write("media/upload_attachment"), core.Meta{
		Doc: "95098", Title: "上传附件资源", EasyWeChat: "external_contact->uploadAttachment", WxJava: "uploadAttachment",
		Note: "Moments take images and videos, product albums images: media_type file is refused before sending for both. created_at is read as a number or a string."})
)

// Size limits WeCom sets on uploads, in bytes. Every file must also be
// larger than 5 bytes (MinBytes).
const (
	MaxImageBytes          = 10 << 20
	MaxVoiceBytes          = 2 << 20
	MaxVideoBytes          = 10 << 20
	MaxFileBytes           = 20 << 20
	MaxUploadImgBytes      = 2 << 20
	MinBytes               = 6
	MaxVoiceDuration       = 60 * time.Second
	MaxMomentVideoDuration = 30 * time.Second
)

// Upload uploads a temporary media file (上传临时素材) of the given type, after
// checking its size and format (see the package doc), and returns its
// media_id, valid for 3 days (Uploaded.ExpiresAt).
//
// WeCom API: POST /cgi-bin/media/upload?type=TYPE (multipart, field "media"), https://developer.work.weixin.qq.com/document/path/90253
// EasyWeChat: media->upload (uploadImage, uploadVoice, uploadVideo, uploadFile). WxJava: WxCpMediaService.upload.
func (c *Client) Upload(ctx context.Context, typ Type, f Upload) (*Uploaded, error) {
	var rule rule
	switch typ {
	case Image:
		rule = imageRule(MaxImageBytes)
	case Voice:
		rule = voiceRule
	case Video:
		rule = videoRule(0)
	case File:
		rule = fileRule
	default:
		return nil, &core.ArgError{Call: epUpload.Path, Field: "type", Reason: strconv.Quote(string(typ)) + " is not image, voice, video or file"}
	}
	form, err := rule.check(epUpload, f)
	if err != nil {
		return nil, err
	}
	return core.Upload[Uploaded](ctx, c.core, epUpload, url.Values{"type": {string(typ)}}, form)
}

// UploadImage uploads a JPG or PNG image of at most 2 MB (上传图片) and returns
// its URL, which does not expire, for a pic_url; WeCom takes 100 a corp a day
// (45009 beyond).
//
// WeCom API: POST /cgi-bin/media/uploadimg (multipart, field "media"), https://developer.work.weixin.qq.com/document/path/90256
// EasyWeChat: none (its uploadImage is Upload with Image). WxJava: WxCpMediaService.uploadImg.
func (c *Client) UploadImage(ctx context.Context, f Upload) (*ImageURL, error) {
	form, err := imageRule(MaxUploadImgBytes).check(epUploadImg, f)
	if err != nil {
		return nil, err
	}
	return core.Upload[ImageURL](ctx, c.core, epUploadImg, nil, form)
}

// AttachmentRequest is an upload to media/upload_attachment.
type AttachmentRequest struct {
	// AttachmentType is what the attachment is for: AttachmentMoment
	// (images and videos) or AttachmentProductAlbum (images).
	AttachmentType AttachmentType
	// MediaType is Image or Video.
	MediaType Type
	// File is the file.
	File Upload
}

// UploadAttachment uploads the attachment of a moment or a product album
// (上传附件资源) and returns its media_id, valid for 3 days; the limits are in
// the package doc.
//
// WeCom API: POST /cgi-bin/media/upload_attachment?media_type=TYPE&attachment_type=N (multipart, field "media"), https://developer.work.weixin.qq.com/document/path/95098
// EasyWeChat: external_contact->uploadAttachment. WxJava: uploadAttachment.
func (c *Client) UploadAttachment(ctx context.Context, req *AttachmentRequest) (*Uploaded, error) {
	if req == nil {
		return nil, &core.ArgError{Call: epUploadAttachment.Path, Field: "request", Reason: "is nil"}
	}
	bad := func(field, reason string) error {
		return &core.ArgError{Call: epUploadAttachment.Path, Field: field, Reason: reason}
	}
	var rule rule
	switch req.AttachmentType {
	case AttachmentMoment:
		switch req.MediaType {
		case Image:
			rule = imageRule(MaxImageBytes)
		case Video:
			rule = videoRule(MaxMomentVideoDuration)
		default:
			return nil, bad("media_type", strconv.Quote(string(req.MediaType))+" is not taken by moments (image or video)")
		}
	case AttachmentProductAlbum:
		if req.MediaType != Image {
			return nil, bad("media_type", strconv.Quote(string(req.MediaType))+" is not taken by product albums (image)")
		}
		rule = imageRule(MaxImageBytes)
	default:
		return nil, bad("attachment_type", "is "+strconv.Itoa(int(req.AttachmentType))+", must be 1 (moment) or 2 (product album)")
	}
	form, err := rule.check(epUploadAttachment, req.File)
	if err != nil {
		return nil, err
	}
	q := url.Values{"media_type": {string(req.MediaType)}, "attachment_type": {strconv.Itoa(int(req.AttachmentType))}}
	return core.Upload[Uploaded](ctx, c.core, epUploadAttachment, q, form)
}

// rule is one media type's checks.
type rule struct {
	max  int64
	exts []string // allowed name extensions, lower case; nil: any
	what string   // the format, for errors
	// sniff checks the content; it gets the first bytes (up to 16) and
	// returns the part's content type.
	sniff func(head []byte) (string, bool)
	// whole checks the whole content (voice, moment video); nil: the body
	// is streamed into the form as it is.
	whole func(data []byte) string
}

func imageRule(max int64) rule {
	return rule{max: max, exts: []string{".jpg", ".jpeg", ".png"}, what: "a JPG or PNG image", sniff: sniffImage}
}

var voiceRule = rule{max: MaxVoiceBytes, exts: []string{".amr"}, what: "an AMR recording",
	sniff: func([]byte) (string, bool) { return "audio/amr", true },
	whole: func(data []byte) string {
		d, ok := amrDuration(data)
		if !ok {
			return "is not an AMR recording (no #!AMR header)"
		}
		if d > MaxVoiceDuration {
			return "plays " + d.String() + ", at most " + MaxVoiceDuration.String() + " allowed"
		}
		return ""
	}}

func videoRule(maxPlay time.Duration) rule {
	r := rule{max: MaxVideoBytes, exts: []string{".mp4"}, what: "an MP4 video",
		sniff: func([]byte) (string, bool) { return "video/mp4", true }}
	if maxPlay > 0 {
		r.whole = func(data []byte) string {
			if d, ok := mp4Duration(data); ok && d > maxPlay {
				return "plays " + d.String() + ", at most " + maxPlay.String() + " allowed"
			}
			return ""
		}
	}
	return r
}

var fileRule = rule{max: MaxFileBytes, what: "a file", sniff: func([]byte) (string, bool) { return "application/octet-stream", true }}

// check validates the name and the content of f and returns the form part
// for core.Upload, which checks the size while it builds the body.
func (r rule) check(ep core.Endpoint, f Upload) (core.FormFile, error) {
	bad := func(reason string) error { return &core.ArgError{Call: ep.Path, Field: "media", Reason: reason} }
	if f.Body == nil {
		return core.FormFile{}, bad("has no body")
	}
	if strings.TrimSpace(f.Name) == "" {
		return core.FormFile{}, bad("needs a file name")
	}
	if r.exts != nil {
		ext := strings.ToLower(path.Ext(f.Name))
		ok := false
		for _, e := range r.exts {
			ok = ok || e == ext
		}
		if !ok {
			return core.FormFile{}, bad("file name " + strconv.Quote(f.Name) + " must end in " + strings.Join(r.exts, ", ") + " (" + r.what + ")")
		}
	}
	form := core.FormFile{Field: "media", Name: f.Name, MinBytes: MinBytes, MaxBytes: r.max}
	if r.whole != nil {
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(io.LimitReader(f.Body, r.max+1)); err != nil {
			return core.FormFile{}, bad("could not be read: " + err.Error())
		}
		if int64(buf.Len()) > r.max {
			return core.FormFile{}, bad("is larger than " + strconv.FormatInt(r.max, 10) + " bytes")
		}
		if buf.Len() >= MinBytes {
			if reason := r.whole(buf.Bytes()); reason != "" {
				return core.FormFile{}, bad(reason)
			}
		}
		form.ContentType, _ = r.sniff(buf.Bytes())
		form.Body = bytes.NewReader(buf.Bytes())
		return form, nil
	}
	head, body, err := peek(f.Body, 16)
	if err != nil {
		return core.FormFile{}, bad("could not be read: " + err.Error())
	}
	ct, ok := r.sniff(head)
	if !ok && len(head) >= MinBytes {
		return core.FormFile{}, bad("is not " + r.what + " (its content does not start like one)")
	}
	form.ContentType = ct
	form.Body = body
	return form, nil
}

// peek returns the first n bytes of r (fewer when r is shorter) and a
// reader of all of r. A reader that can seek back (bytes.Reader,
// strings.Reader, os.File) or shows its bytes (bytes.Buffer) is handed on
// as it is, so that core.Upload still sees its size and copies the file
// once; any other is wrapped.
func peek(r io.Reader, n int) ([]byte, io.Reader, error) {
	if b, ok := r.(interface{ Bytes() []byte }); ok {
		all := b.Bytes()
		return all[:min(n, len(all))], r, nil
	}
	head := make([]byte, n)
	got, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, nil, err
	}
	head = head[:got]
	if s, ok := r.(io.Seeker); ok {
		if _, err := s.Seek(int64(-got), io.SeekCurrent); err == nil {
			return head, r, nil
		}
	}
	return head, io.MultiReader(bytes.NewReader(head), r), nil
}

// sniffImage recognises JPEG and PNG content.
func sniffImage(head []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	}
	return "", false
}
