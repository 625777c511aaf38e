package worktest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// 素材管理: uploads. media/upload stores a temporary file (image, voice,
// video or file) and answers its media_id; media/upload_attachment does
// the same for the attachments of moments (attachment_type 1) and product
// albums (2); media/uploadimg answers a permanent image URL. The simulator
// keeps what it needs of each file (type, name, size, created_at), not the
// bytes, in a table (Data.Media); a media_id expires 3 days (MediaTTL)
// after its created_at on the simulator clock and is then forgotten. A
// message, a welcome message or a group welcome template naming an
// unknown or expired media_id answers 40007.
//
// The checks, with WeCom's codes: the form needs a file part named
// "media" (44001); more than 5 bytes (40006); images JPG or PNG by name
// and content (40004) of at most 10 MB (40009; 2 MB for uploadimg);
// videos .mp4 (40004) of at most 10 MB (40011); voice AMR (301017) of at
// most 2 MB (45001) and 60 s (45007); files at most 20 MB (45001); an
// unknown type or media_type answers 40005, an attachment_type other than
// 1 or 2 40058, a kind the attachment type does not take (moments: image
// and video; product albums: image) 40004; a 101st uploadimg in a day
// (UTC+8) 45009.

// MediaTTL is how long a media_id stays valid after its created_at.
const MediaTTL = 3 * 24 * time.Hour

// The media group's errcodes.
const (
	codeInvalidMediaType = 40004  // invalid media type (不合法的媒体文件类型)
	codeInvalidFileType  = 40005  // invalid file type (不合法的type参数)
	codeInvalidFileSize  = 40006  // invalid file size (不合法的文件大小)
	codeInvalidMediaID   = 40007  // invalid media_id (不合法的media_id参数)
	codeImageSize        = 40009  // invalid image size (上传图片大小不是有效值)
	codeVideoSize        = 40011  // invalid video size (上传视频大小不是有效值)
	codeEmptyMedia       = 44001  // empty media data (多媒体文件为空)
	codeMediaTooLarge    = 45001  // media size out of limit (多媒体文件大小超过限制)
	codeVoiceTooLong     = 45007  // playtime out of limit (语音播放时间超过限制)
	codeVoiceNotAMR      = 301017 // voice must be AMR (上传语音文件仅支持AMR格式)
)

// Upload bounds, as WeCom documents them (上传的媒体文件限制).
const (
	maxImageBytes     = 10 << 20
	maxUploadImgBytes = 2 << 20
	maxVoiceBytes     = 2 << 20
	maxVideoBytes     = 10 << 20
	maxFileBytes      = 20 << 20
	maxVoiceSeconds   = 60
	maxUploadImgDaily = 100 // uploadimg calls a corp a day
)

// MediaFile is an uploaded file as the simulator remembers it.
type MediaFile struct {
	MediaID string `json:"media_id"`
	// Type is image, voice, video or file.
	Type string `json:"type"`
	// Name is the uploaded file name.
	Name string `json:"name"`
	// Size is the file's length in bytes.
	Size int `json:"size"`
	// CreatedAt is the upload time, Unix seconds; the id expires MediaTTL
	// later.
	CreatedAt int64 `json:"created_at"`
	// AttachmentType is 1 (moment) or 2 (product album) for
	// media/upload_attachment, 0 for media/upload.
	AttachmentType int `json:"attachment_type,omitempty"`
}

// expired reports whether the file's id is past its 3 days at now.
func (m *MediaFile) expired(now time.Time) bool {
	return !now.Before(time.Unix(m.CreatedAt, 0).Add(MediaTTL))
}

type mediaState struct {
	files *table[MediaFile]
	// imgDay and imgCount count the day's uploadimg calls (UTC+8).
	imgDay, imgCount int64
}

var mediaGroup groupKey[mediaState]

func init() {
	mediaGroup = addGroup(group[mediaState]{
		name:   "media",
		routes: (*Server).mediaRoutes,
		state:  func() *mediaState { return &mediaState{files: newTable(&mediaResource)} },
		load: func(st *store, g *mediaState, d *Data) error {
			if err := g.files.load(st, d.Media); err != nil {
				return err
			}
			for _, m := range g.files.all() {
				st.forgetMediaAtExpiry(m)
			}
			return nil
		},
		snapshot: func(_ *store, g *mediaState, d *Data) { d.Media = g.files.snapshot() },
		errTexts: map[int]string{
			codeInvalidMediaType: "invalid media type",
			codeInvalidFileType:  "invalid file type",
			codeInvalidFileSize:  "invalid file size",
			codeInvalidMediaID:   "invalid media_id",
			codeImageSize:        "invalid image size",
			codeVideoSize:        "invalid video size",
			codeEmptyMedia:       "empty media data",
			codeMediaTooLarge:    "media size out of limit",
			codeVoiceTooLong:     "voice playtime out of limit",
			codeVoiceNotAMR:      "voice file must be AMR",
		},
	})
}

// mediaIDAlphabet is what WeCom's media ids are made of.
const mediaIDAlphabet = base62 + "-_"

var mediaResource = resource[MediaFile]{
	name: "media", idField: "media_id",
	id:       func(m *MediaFile) *string { return &m.MediaID },
	ids:      idFormat{prefix: "3", n: 43, alphabet: mediaIDAlphabet},
	notFound: codeInvalidMediaID,
	validate: func(_ *store, m *MediaFile, _ op) error {
		switch m.Type {
		case "image", "voice", "video", "file":
		default:
			return errDetail(codeInvalidFileType, "media type %q", m.Type)
		}
		return nil
	},
}

func (st *store) media() *table[MediaFile] { return mediaGroup.of(st).files }

// forgetMediaAtExpiry schedules the removal of m when its id expires.
func (st *store) forgetMediaAtExpiry(m *MediaFile) {
	id := m.MediaID
	st.schedule(time.Unix(m.CreatedAt, 0).Add(MediaTTL), func(time.Time) {
		_ = st.media().remove(id, "") // already gone is fine
	})
}

// checkMediaID answers 40007 unless id is a media_id uploaded less than
// MediaTTL ago; field names it in the errmsg.
func (st *store) checkMediaID(field, id string, now time.Time) error {
	if id == "" {
		return errParam("%s is required", field)
	}
	if m := st.media().get(id); m == nil || m.expired(now) {
		return errDetail(codeInvalidMediaID, "%s %s is unknown or expired", field, id)
	}
	return nil
}

func (s *Server) mediaRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "media/upload", write: true, multipart: true, handle: s.mediaUpload},
		{method: http.MethodPost, path: "media/uploadimg", write: true, multipart: true, handle: s.mediaUploadImg}, // draws from the id source
		{method: http.MethodPost, path: "media/upload_attachment", write: true, multipart: true, handle: s.mediaUploadAttachment},
	}
}

// mediaUpload answers media/upload?type=TYPE: type, media_id and
// created_at (a string, as WeCom sends it).
func (s *Server) mediaUpload(c *call) (any, error) {
	typ := c.query.Get("type")
	m, err := c.storeUpload(typ, 0)
	if err != nil {
		return nil, err
	}
	return struct {
		Type      string `json:"type"`
		MediaID   string `json:"media_id"`
		CreatedAt string `json:"created_at"`
	}{m.Type, m.MediaID, strconv.FormatInt(m.CreatedAt, 10)}, nil
}

// mediaUploadAttachment answers media/upload_attachment?media_type=TYPE&attachment_type=N.
func (s *Server) mediaUploadAttachment(c *call) (any, error) {
	typ := c.query.Get("media_type")
	at, err := strconv.Atoi(c.query.Get("attachment_type"))
	switch {
	case err != nil || (at != 1 && at != 2):
		return nil, errParam("attachment_type must be 1 (moment) or 2 (product album)")
	case typ != "image" && typ != "video" && typ != "file":
		return nil, errDetail(codeInvalidFileType, "media_type %q", typ)
	case at == 1 && typ == "file", at == 2 && typ != "image":
		return nil, errDetail(codeInvalidMediaType, "attachment_type %d does not take %s", at, typ)
	}
	m, err := c.storeUpload(typ, at)
	if err != nil {
		return nil, err
	}
	return struct {
		Type      string `json:"type"`
		MediaID   string `json:"media_id"`
		CreatedAt int64  `json:"created_at"`
	}{m.Type, m.MediaID, m.CreatedAt}, nil
}

// mediaUploadImg answers media/uploadimg: a permanent URL; 45009 after
// 100 images in a day.
func (s *Server) mediaUploadImg(c *call) (any, error) {
	name, data, err := c.formFile("media")
	if err != nil {
		return nil, err
	}
	if err := checkUpload("image", name, data, maxUploadImgBytes); err != nil {
		return nil, err
	}
	g := mediaGroup.of(c.st)
	if day := chinaDay(c.now.Unix()); g.imgDay != day {
		g.imgDay, g.imgCount = day, 0
	}
	if g.imgCount >= maxUploadImgDaily {
		return nil, errDetail(codeRateLimited, "at most %d images a day", maxUploadImgDaily)
	}
	g.imgCount++
	return struct {
		URL string `json:"url"`
	}{"https://wework.qpic.cn/wwpic/" + strconv.Itoa(len(data)) + "_" + c.st.ids.alnum(24) + "/0"}, nil
}

// storeUpload checks the form's file as a typ upload and stores it.
func (c *call) storeUpload(typ string, attachmentType int) (*MediaFile, error) {
	var max int
	switch typ {
	case "image":
		max = maxImageBytes
	case "voice":
		max = maxVoiceBytes
	case "video":
		max = maxVideoBytes
	case "file":
		max = maxFileBytes
	default:
		return nil, errDetail(codeInvalidFileType, "type %q", typ)
	}
	name, data, err := c.formFile("media")
	if err != nil {
		return nil, err
	}
	if err := checkUpload(typ, name, data, max); err != nil {
		return nil, err
	}
	m, err := c.st.media().create(c.st, &MediaFile{Type: typ, Name: name, Size: len(data),
		CreatedAt: c.now.Unix(), AttachmentType: attachmentType}, "")
	if err != nil {
		return nil, err
	}
	c.st.forgetMediaAtExpiry(m)
	return m, nil
}

// formFile returns the file part named field of a multipart body: 44001
// when there is none or it is empty.
func (c *call) formFile(field string) (name string, data []byte, err error) {
	mt, params, perr := mime.ParseMediaType(c.contentType)
	if perr != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", nil, errDetail(codeEmptyMedia, "the body is not multipart/form-data")
	}
	mr := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	for {
		p, perr := mr.NextPart()
		if perr != nil {
			return "", nil, errDetail(codeEmptyMedia, "no file part %q", field)
		}
		if p.FormName() != field || p.FileName() == "" {
			continue
		}
		b, rerr := io.ReadAll(p)
		if rerr != nil || len(b) == 0 {
			return "", nil, errDetail(codeEmptyMedia, "file part %q is empty", field)
		}
		return p.FileName(), b, nil
	}
}

// checkUpload applies WeCom's limits for typ to a file.
func checkUpload(typ, name string, data []byte, max int) error {
	ext := strings.ToLower(path.Ext(name))
	if len(data) <= 5 {
		return errDetail(codeInvalidFileSize, "%d bytes, more than 5 needed", len(data))
	}
	switch typ {
	case "image":
		jpeg := bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF})
		png := bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n"))
		if (ext != ".jpg" && ext != ".jpeg" && ext != ".png") || (!jpeg && !png) {
			return errDetail(codeInvalidMediaType, "an image must be a JPG or PNG")
		}
		if len(data) > max {
			return errDetail(codeImageSize, "%d bytes, at most %d", len(data), max)
		}
	case "video":
		if ext != ".mp4" {
			return errDetail(codeInvalidMediaType, "a video must be an MP4")
		}
		if len(data) > max {
			return errDetail(codeVideoSize, "%d bytes, at most %d", len(data), max)
		}
	case "voice":
		if len(data) > max {
			return errDetail(codeMediaTooLarge, "%d bytes, at most %d", len(data), max)
		}
		secs, ok := amrSeconds(data)
		if !ok {
			return errCode(codeVoiceNotAMR)
		}
		if secs > maxVoiceSeconds {
			return errDetail(codeVoiceTooLong, "%.2f s, at most %d", secs, maxVoiceSeconds)
		}
	default:
		if len(data) > max {
			return errDetail(codeMediaTooLarge, "%d bytes, at most %d", len(data), max)
		}
	}
	return nil
}

// amrSeconds counts the 20 ms frames of an AMR-NB or AMR-WB file.
func amrSeconds(data []byte) (float64, bool) {
	nb := [16]int{13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1}
	wb := [16]int{18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1}
	var sizes [16]int
	switch {
	case bytes.HasPrefix(data, []byte("#!AMR-WB\n")):
		sizes, data = wb, data[9:]
	case bytes.HasPrefix(data, []byte("#!AMR\n")):
		sizes, data = nb, data[6:]
	default:
		return 0, false
	}
	frames := 0
	for len(data) > 0 {
		n := sizes[data[0]>>3&0x0F]
		if n > len(data) {
			break
		}
		data, frames = data[n:], frames+1
	}
	return float64(frames) * 0.02, true
}

// Media is the back door of the media group: files as though uploaded.
// Get it from Server.Media.
type Media struct{ backDoor }

// Media returns the back door of the media group.
func (s *Server) Media() Media { return Media{backDoor{s}} }

// Add records a file of the given type (image, voice, video or file) as
// uploaded now through media/upload and returns its media_id, valid for
// MediaTTL on the simulator clock: for tests that need a media_id but not
// an upload.
func (b Media) Add(typ, name string) (mediaID string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		m, err := st.media().create(st, &MediaFile{Type: typ, Name: name, Size: 1024, CreatedAt: now.Unix()}, "")
		if err != nil {
			return err
		}
		st.forgetMediaAtExpiry(m)
		mediaID = m.MediaID
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("worktest: Media().Add: %w", err)
	}
	return mediaID, nil
}

// Get returns the file of a media_id while it is valid.
func (b Media) Get(mediaID string) (MediaFile, bool) {
	var m MediaFile
	ok := false
	b.read(func(st *store, now time.Time) {
		if f := st.media().get(mediaID); f != nil && !f.expired(now) {
			m, ok = *f, true
		}
	})
	return m, ok
}
