package worktest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upload posts one file part to a media endpoint with a fresh token.
func upload(t *testing.T, s *Server, path string, q url.Values, field, name string, data []byte) reply {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if field != "" {
		fw, err := mw.CreateFormFile(field, name)
		require.NoError(t, err)
		_, err = fw.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	if q == nil {
		q = url.Values{}
	}
	q.Set("access_token", token(t, s))
	req, err := http.NewRequest(http.MethodPost, s.URL+"/cgi-bin/"+path+"?"+q.Encode(), &body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(resp.Body)
	require.NoError(t, err)
	r := reply{Status: resp.StatusCode, Header: resp.Header, Body: b.Bytes()}
	var e struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	r.decode(t, &e)
	r.ErrCode, r.ErrMsg = e.ErrCode, e.ErrMsg
	return r
}

func jpegBytes(n int) []byte {
	b := bytes.Repeat([]byte{0x11}, n)
	copy(b, []byte{0xFF, 0xD8, 0xFF, 0xE0})
	return b
}

func amrBytes(frames int) []byte {
	b := []byte("#!AMR\n")
	f := make([]byte, 32)
	f[0] = 7<<3 | 4
	for i := 0; i < frames; i++ {
		b = append(b, f...)
	}
	return b
}

func TestMediaUpload(t *testing.T) {
	s := start(t)
	r := upload(t, s, "media/upload", url.Values{"type": {"image"}}, "media", "photo.jpg", jpegBytes(2048))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		Type      string `json:"type"`
		MediaID   string `json:"media_id"`
		CreatedAt string `json:"created_at"`
	}
	r.decode(t, &out)
	assert.Equal(t, "image", out.Type)
	assert.Len(t, out.MediaID, 44)
	assert.Equal(t, "1714528800", out.CreatedAt, "a string of Unix seconds, the simulator clock")
	require.Len(t, s.Snapshot().Media, 1)
	assert.Equal(t, MediaFile{MediaID: out.MediaID, Type: "image", Name: "photo.jpg", Size: 2048, CreatedAt: 1714528800}, s.Snapshot().Media[0])

	r = upload(t, s, "media/upload_attachment", url.Values{"media_type": {"image"}, "attachment_type": {"2"}}, "media", "sku.png",
		append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var att struct {
		CreatedAt int64 `json:"created_at"`
	}
	r.decode(t, &att)
	assert.Equal(t, int64(1714528800), att.CreatedAt, "upload_attachment answers a number")

	r = upload(t, s, "media/uploadimg", nil, "media", "poster.jpg", jpegBytes(4096))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var img struct {
		URL string `json:"url"`
	}
	r.decode(t, &img)
	assert.True(t, strings.HasPrefix(img.URL, "https://wework.qpic.cn/wwpic/"), img.URL)
	assert.Len(t, s.Snapshot().Media, 2, "uploadimg keeps no media_id")

	r = upload(t, s, "media/upload", url.Values{"type": {"voice"}}, "media", "hello.amr", amrBytes(3000))
	assert.Equal(t, 0, r.ErrCode, r.ErrMsg)
}

func TestMediaUploadErrors(t *testing.T) {
	s := start(t)
	big := func(n int) []byte { return jpegBytes(n) }
	for _, tc := range []struct {
		name, path string
		q          url.Values
		field      string
		file       string
		data       []byte
		code       int
	}{
		{"no part", "media/upload", url.Values{"type": {"file"}}, "", "", nil, 44001},
		{"other field", "media/upload", url.Values{"type": {"file"}}, "file", "a.txt", []byte("hello world"), 44001},
		{"bad type", "media/upload", url.Values{"type": {"thumb"}}, "media", "a.jpg", big(100), 40005},
		{"five bytes", "media/upload", url.Values{"type": {"file"}}, "media", "a.txt", []byte("12345"), 40006},
		{"gif", "media/upload", url.Values{"type": {"image"}}, "media", "a.gif", []byte("GIF89a0123456789"), 40004},
		{"jpg name, gif bytes", "media/upload", url.Values{"type": {"image"}}, "media", "a.jpg", []byte("GIF89a0123456789"), 40004},
		{"image too large", "media/upload", url.Values{"type": {"image"}}, "media", "a.jpg", big(10<<20 + 1), 40009},
		{"voice not amr", "media/upload", url.Values{"type": {"voice"}}, "media", "a.amr", []byte("ID3 mp3 data here"), 301017},
		{"voice too long", "media/upload", url.Values{"type": {"voice"}}, "media", "a.amr", amrBytes(3001), 45007},
		{"mov", "media/upload", url.Values{"type": {"video"}}, "media", "a.mov", big(100), 40004},
		{"attachment type", "media/upload_attachment", url.Values{"media_type": {"image"}, "attachment_type": {"3"}}, "media", "a.jpg", big(100), 40058},
		{"attachment media type", "media/upload_attachment", url.Values{"media_type": {"voice"}, "attachment_type": {"1"}}, "media", "a.amr", amrBytes(5), 40005},
		{"moment file", "media/upload_attachment", url.Values{"media_type": {"file"}, "attachment_type": {"1"}}, "media", "a.pdf", big(100), 40004},
		{"album video", "media/upload_attachment", url.Values{"media_type": {"video"}, "attachment_type": {"2"}}, "media", "a.mp4", big(100), 40004},
		{"uploadimg too large", "media/uploadimg", nil, "media", "a.jpg", big(2<<20 + 1), 40009},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := upload(t, s, tc.path, tc.q, tc.field, tc.file, tc.data)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}
	assert.Empty(t, s.Snapshot().Media, "nothing stored")

	r := api(t, s, http.MethodPost, "media/upload", url.Values{"type": {"file"}}, `{"media":"x"}`)
	assert.Equal(t, 44001, r.ErrCode, "a JSON body is no upload")
}

// The size limits of the other types, without the round trip of a 10 MB
// body for each.
func TestCheckUploadSizes(t *testing.T) {
	for _, tc := range []struct {
		typ, name string
		data      []byte
		max, code int
	}{
		{"voice", "a.amr", append(amrBytes(1), make([]byte, maxVoiceBytes)...), maxVoiceBytes, 45001},
		{"video", "a.mp4", make([]byte, maxVideoBytes+1), maxVideoBytes, 40011},
		{"image", "a.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, maxImageBytes)...), maxImageBytes, 40009},
		{"file", "a.zip", make([]byte, maxFileBytes+1), maxFileBytes, 45001},
		{"video", "a.mp4", make([]byte, maxVideoBytes), maxVideoBytes, 0},
	} {
		err := checkUpload(tc.typ, tc.name, tc.data, tc.max)
		if tc.code == 0 {
			assert.NoError(t, err, tc.typ)
			continue
		}
		var ae *apiError
		require.ErrorAs(t, err, &ae, tc.typ)
		assert.Equal(t, tc.code, ae.code, tc.typ)
	}
}

// A media_id is valid for 3 days of the simulator clock, then messages
// naming it answer 40007 and it is forgotten.
func TestMediaExpires(t *testing.T) {
	s := start(t)
	id, err := s.Media().Add("image", "a.jpg")
	require.NoError(t, err)
	_, ok := s.Media().Get(id)
	require.True(t, ok)
	body := mustJSON(t, map[string]any{"sender": "zhangsan", "attachments": []any{map[string]any{"msgtype": "image", "image": map[string]string{"media_id": id}}}})
	r := api(t, s, http.MethodPost, "externalcontact/add_msg_template", nil, body)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)

	s.Clock().Advance(MediaTTL - time.Second)
	_, ok = s.Media().Get(id)
	assert.True(t, ok, "still valid a second before")
	s.Clock().Advance(time.Second)
	_, ok = s.Media().Get(id)
	assert.False(t, ok)
	r = api(t, s, http.MethodPost, "externalcontact/add_msg_template", nil, body)
	assert.Equal(t, 40007, r.ErrCode, r.ErrMsg)
	assert.Empty(t, s.Snapshot().Media, "forgotten")

	r = api(t, s, http.MethodPost, "externalcontact/add_msg_template", nil,
		mustJSON(t, map[string]any{"sender": "zhangsan", "attachments": []any{map[string]any{"msgtype": "file", "file": map[string]string{"media_id": "3never"}}}}))
	assert.Equal(t, 40007, r.ErrCode, "an unknown media_id")
	_, err = s.Media().Add("gif", "a.gif")
	assert.Error(t, err)
}

func TestUploadImgDailyLimit(t *testing.T) {
	s := start(t)
	for i := 0; i < 100; i++ {
		r := upload(t, s, "media/uploadimg", nil, "media", "a.jpg", jpegBytes(64))
		require.Equal(t, 0, r.ErrCode, "image %d: %s", i+1, r.ErrMsg)
	}
	assert.Equal(t, 45009, upload(t, s, "media/uploadimg", nil, "media", "a.jpg", jpegBytes(64)).ErrCode)
	s.Clock().Advance(24 * time.Hour)
	assert.Equal(t, 0, upload(t, s, "media/uploadimg", nil, "media", "a.jpg", jpegBytes(64)).ErrCode, "a new day")
}
