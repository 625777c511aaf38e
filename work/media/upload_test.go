package media_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/media"
)

type call = func(ctx context.Context, c *media.Client) (any, error)

func upload(typ media.Type, name string, data []byte) call {
	return func(ctx context.Context, c *media.Client) (any, error) {
		return c.Upload(ctx, typ, media.Upload{Name: name, Body: bytes.NewReader(data)})
	}
}

func attachment(at media.AttachmentType, typ media.Type, name string, data []byte) call {
	return func(ctx context.Context, c *media.Client) (any, error) {
		return c.UploadAttachment(ctx, &media.AttachmentRequest{AttachmentType: at, MediaType: typ,
			File: media.Upload{Name: name, Body: bytes.NewReader(data)}})
	}
}

func bad(name, path, field string, c call) wiretest.Bad[*media.Client] {
	return wiretest.Bad[*media.Client]{Name: name, Path: path, Field: field,
		Call: func(ctx context.Context, cl *media.Client) error { _, err := c(ctx, cl); return err }}
}

func uploaded(typ media.Type, id string) *media.Uploaded {
	return &media.Uploaded{Type: typ, MediaID: id, CreatedAt: 1380000000,
		ExpiresAt: time.Unix(1380000000, 0).Add(72 * time.Hour)}
}

func TestWire(t *testing.T) {
	photo := jpeg(4096)
	poster := png(2048)
	voice := amr(3000) // 60 s exactly
	video := mp4(30000)
	doc := []byte("%PDF-1.7 quarterly report")
	const imgID = "1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0"
	wiretest.Suite[*media.Client]{
		Endpoints: media.Endpoints(),
		New:       media.New,
		Exceptions: map[string]string{
			"media/upload":    "素材管理 (doc 90253) is not a 客户联系 endpoint, so the pinned catalogue has no row; its query type and field media are checked by the rows below",
			"media/uploadimg": "素材管理 (doc 90256) is not a 客户联系 endpoint, so the pinned catalogue has no row; its field media is checked by the row below",
		},
		Cases: []wiretest.Case[*media.Client]{
			{
				Name: "upload image", Method: "POST", Path: "media/upload",
				Call: upload(media.Image, "photo.jpg", photo),
				Exchange: wiretest.Exchange{Query: url.Values{"type": {"image"}},
					CheckRequest: checkPart("photo.jpg", "image/jpeg", photo),
					Reply:        wiretest.Fixture(t, "media", "upload")},
				Want: uploaded(media.Image, imgID),
			},
			{
				Name: "upload voice", Method: "POST", Path: "media/upload",
				Call: upload(media.Voice, "greeting.AMR", voice),
				Exchange: wiretest.Exchange{Query: url.Values{"type": {"voice"}},
					CheckRequest: checkPart("greeting.AMR", "audio/amr", voice),
					Reply:        wiretest.Fixture(t, "media", "upload_voice")},
				Want: uploaded(media.Voice, "3uQbX9sH8VvTn0pZk2mJ7yLwRfCd1eGa5iOq4tUxYzBb"),
			},
			{
				Name: "upload file", Method: "POST", Path: "media/upload",
				Call: upload(media.File, "报告 \"Q3\".pdf", doc),
				Exchange: wiretest.Exchange{Query: url.Values{"type": {"file"}},
					CheckRequest: checkPart("报告 \"Q3\".pdf", "application/octet-stream", doc),
					Reply:        wiretest.Fixture(t, "media", "upload")},
			},
			{
				Name: "upload video", Method: "POST", Path: "media/upload",
				Call: upload(media.Video, "clip.mp4", video),
				Exchange: wiretest.Exchange{Query: url.Values{"type": {"video"}},
					CheckRequest: checkPart("clip.mp4", "video/mp4", video),
					Reply:        wiretest.Fixture(t, "media", "upload")},
			},
			{
				Method: "POST", Path: "media/uploadimg",
				Call: func(ctx context.Context, c *media.Client) (any, error) {
					return c.UploadImage(ctx, media.Upload{Name: "poster.png", Body: bytes.NewReader(poster)})
				},
				Exchange: wiretest.Exchange{CheckRequest: checkPart("poster.png", "image/png", poster),
					Reply: wiretest.Fixture(t, "media", "uploadimg")},
				Want: &media.ImageURL{URL: "http://p.qpic.cn/pic_wework/3474110808/7a7c8471673ff0f178f63447935d35a5c1247a7f31d9c060/0"},
			},
			{
				Name: "attachment moment video", Method: "POST", Path: "media/upload_attachment",
				Call: attachment(media.AttachmentMoment, media.Video, "launch.mp4", video),
				Exchange: wiretest.Exchange{Query: url.Values{"media_type": {"video"}, "attachment_type": {"1"}},
					CheckRequest: checkPart("launch.mp4", "video/mp4", video),
					Reply:        wiretest.Fixture(t, "media", "upload_attachment")},
				Want: uploaded(media.Video, imgID),
			},
			{
				Name: "attachment album image", Method: "POST", Path: "media/upload_attachment",
				Call: attachment(media.AttachmentProductAlbum, media.Image, "sku-1.PNG", poster),
				Exchange: wiretest.Exchange{Query: url.Values{"media_type": {"image"}, "attachment_type": {"2"}},
					CheckRequest: checkPart("sku-1.PNG", "image/png", poster),
					Reply:        wiretest.Fixture(t, "media", "upload_attachment")},
			},
		},
		Bad: []wiretest.Bad[*media.Client]{
			bad("unknown type", "media/upload", "type", upload("thumb", "a.jpg", photo)),
			bad("no body", "media/upload", "media", func(ctx context.Context, c *media.Client) (any, error) {
				return c.Upload(ctx, media.Image, media.Upload{Name: "a.jpg"})
			}),
			bad("no name", "media/upload", "media", upload(media.File, " ", doc)),
			bad("five bytes", "media/upload", "media", upload(media.File, "a.txt", []byte("12345"))),
			bad("image too large", "media/upload", "media", upload(media.Image, "a.jpg", jpeg(media.MaxImageBytes+1))),
			bad("image gif name", "media/upload", "media", upload(media.Image, "a.gif", photo)),
			bad("image not jpeg", "media/upload", "media", upload(media.Image, "a.jpg", []byte("GIF89a........"))),
			bad("voice too large", "media/upload", "media", upload(media.Voice, "a.amr", append(amr(10), make([]byte, media.MaxVoiceBytes)...))),
			bad("voice too long", "media/upload", "media", upload(media.Voice, "a.amr", amr(3001))),
			bad("voice not amr", "media/upload", "media", upload(media.Voice, "a.amr", []byte("RIFF....WAVEfmt "))),
			bad("voice mp3 name", "media/upload", "media", upload(media.Voice, "a.mp3", voice)),
			bad("video too large", "media/upload", "media", upload(media.Video, "a.mp4", make([]byte, media.MaxVideoBytes+1))),
			bad("video mov name", "media/upload", "media", upload(media.Video, "a.mov", video)),
			bad("file too large", "media/upload", "media", upload(media.File, "a.zip", make([]byte, media.MaxFileBytes+1))),
			bad("unreadable", "media/upload", "media", func(ctx context.Context, c *media.Client) (any, error) {
				return c.Upload(ctx, media.File, media.Upload{Name: "a.bin", Body: iotest.ErrReader(errors.New("disk gone"))})
			}),
			bad("uploadimg too large", "media/uploadimg", "media", func(ctx context.Context, c *media.Client) (any, error) {
				return c.UploadImage(ctx, media.Upload{Name: "a.png", Body: bytes.NewReader(png(media.MaxUploadImgBytes + 1))})
			}),
			bad("uploadimg bmp", "media/uploadimg", "media", func(ctx context.Context, c *media.Client) (any, error) {
				return c.UploadImage(ctx, media.Upload{Name: "a.bmp", Body: bytes.NewReader(poster)})
			}),
			bad("attachment nil", "media/upload_attachment", "request", func(ctx context.Context, c *media.Client) (any, error) {
				return c.UploadAttachment(ctx, nil)
			}),
			bad("attachment type 0", "media/upload_attachment", "attachment_type", attachment(0, media.Image, "a.jpg", photo)),
			bad("attachment type 3", "media/upload_attachment", "attachment_type", attachment(3, media.Image, "a.jpg", photo)),
			bad("moment file", "media/upload_attachment", "media_type", attachment(media.AttachmentMoment, media.File, "a.pdf", doc)),
			bad("moment voice", "media/upload_attachment", "media_type", attachment(media.AttachmentMoment, media.Voice, "a.amr", voice)),
			bad("album video", "media/upload_attachment", "media_type", attachment(media.AttachmentProductAlbum, media.Video, "a.mp4", video)),
			bad("moment video too long", "media/upload_attachment", "media", attachment(media.AttachmentMoment, media.Video, "a.mp4", mp4(30001))),
			bad("moment image too large", "media/upload_attachment", "media", attachment(media.AttachmentMoment, media.Image, "a.jpg", jpeg(media.MaxImageBytes+1))),
			bad("album not png", "media/upload_attachment", "media", attachment(media.AttachmentProductAlbum, media.Image, "a.png", []byte(strings.Repeat("x", 100)))),
		},
	}.Run(t)
}

// A retry re-sends the same bytes: the body is built once, before the
// first attempt, so a reader that can be read only once is enough.
func TestUploadRetrySendsTheSameBytes(t *testing.T) {
	srv := wiretest.NewServer(t)
	photo := jpeg(1000)
	var bodies [][]byte
	srv.Handle("media/upload", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, b)
		if len(bodies) == 1 {
			io.WriteString(w, `{"errcode":-1,"errmsg":"system busy"}`)
			return
		}
		io.WriteString(w, wiretest.Fixture(t, "media", "upload"))
	})
	c := media.New(srv.Core())
	got, err := c.Upload(context.Background(), media.Image, media.Upload{Name: "a.jpg", Body: iotest.OneByteReader(bytes.NewReader(photo))})
	require.NoError(t, err)
	assert.Equal(t, "1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0", got.MediaID)
	require.Len(t, bodies, 2, "errcode -1 is retried for a write")
	assert.Equal(t, bodies[0], bodies[1])
	assert.True(t, bytes.Contains(bodies[1], photo))
}

func TestUploadedExpiry(t *testing.T) {
	var u media.Uploaded
	require.NoError(t, json.Unmarshal([]byte(`{"type":"file","media_id":"m","created_at":"1700000000"}`), &u))
	assert.Equal(t, int64(1700000000), u.CreatedAt)
	assert.Equal(t, time.Unix(1700000000+3*86400, 0), u.ExpiresAt)
	assert.False(t, u.Expired(time.Unix(1700000000+3*86400-1, 0)))
	assert.True(t, u.Expired(time.Unix(1700000000+3*86400, 0)))

	require.NoError(t, json.Unmarshal([]byte(`{"type":"file","media_id":"m","created_at":1700000001}`), &u))
	assert.Equal(t, int64(1700000001), u.CreatedAt)

	assert.Error(t, json.Unmarshal([]byte(`{"media_id":"m","created_at":"soon"}`), &u))
}

func TestInvalidMediaIDSentinel(t *testing.T) {
	err := error(&core.APIError{Code: 40007, Message: "invalid media_id", Path: "externalcontact/add_msg_template"})
	assert.ErrorIs(t, err, media.ErrInvalidMediaID)
	assert.NotErrorIs(t, &core.APIError{Code: 40008}, media.ErrInvalidMediaID)
}

func TestTypeNames(t *testing.T) {
	assert.Equal(t, "voice", media.Voice.String())
	assert.Equal(t, "moment", media.AttachmentMoment.String())
	assert.Equal(t, "product album", media.AttachmentProductAlbum.String())
	assert.Equal(t, "AttachmentType(9)", media.AttachmentType(9).String())
}

// The first bytes read to recognise the format are sent too, whatever the
// reader: one that seeks back, one that shows its bytes, one that does
// neither.
func TestUploadKeepsTheHead(t *testing.T) {
	photo := jpeg(300)
	path := filepath.Join(t.TempDir(), "a.jpg")
	require.NoError(t, os.WriteFile(path, photo, 0o600))
	for name, body := range map[string]func() io.Reader{
		"bytes.Reader":   func() io.Reader { return bytes.NewReader(photo) },
		"bytes.Buffer":   func() io.Reader { return bytes.NewBuffer(bytes.Clone(photo)) },
		"plain reader":   func() io.Reader { return iotest.HalfReader(bytes.NewReader(photo)) },
		"strings.Reader": func() io.Reader { return strings.NewReader(string(photo)) },
		"os.File": func() io.Reader {
			f, err := os.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { f.Close() })
			return f
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := wiretest.NewServer(t)
			srv.Handle("media/upload", func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				checkPart("a.jpg", "image/jpeg", photo)(t, r, b)
				io.WriteString(w, wiretest.Fixture(t, "media", "upload"))
			})
			_, err := media.New(srv.Core()).Upload(context.Background(), media.Image, media.Upload{Name: "a.jpg", Body: body()})
			require.NoError(t, err)
			assert.EqualValues(t, 1, srv.Requests.Load())
		})
	}
}
