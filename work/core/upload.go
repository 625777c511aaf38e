package core

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
)

// FormFile is the file part of a multipart/form-data upload (media/upload,
// media/uploadimg, media/upload_attachment).
type FormFile struct {
	// Field is the form field's name; WeCom's media endpoints use "media".
	Field string
	// Name is the file name sent with the part; WeCom derives the type
	// from its extension for some media.
	Name string
	// ContentType is the part's type (default application/octet-stream).
	ContentType string
	// Body is read once, up to MaxBytes+1 bytes, before anything is sent.
	Body io.Reader
	// MinBytes and MaxBytes bound the file's size (0: no bound). WeCom
	// refuses files of 5 bytes or less and has a maximum per media type.
	MinBytes, MaxBytes int64
}

// Upload sends f as a multipart/form-data body with query (the token is
// added) and decodes the answer into a new T.
//
// The body is built once, in memory, and every retry re-sends the same
// bytes. The size is checked before anything is sent: a file outside
// [MinBytes, MaxBytes] is an *ArgError naming field "media" (f.Field), as
// is a missing name or body.
func Upload[T any](ctx context.Context, c *Client, ep Endpoint, query url.Values, f FormFile) (*T, error) {
	body, contentType, err := buildMultipart(ep, f)
	if err != nil {
		return nil, err
	}
	var rawQuery string
	if len(query) > 0 {
		rawQuery = query.Encode()
	}
	var out T
	if err := c.do(ctx, ep, rawQuery, body, contentType, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func buildMultipart(ep Endpoint, f FormFile) ([]byte, string, error) {
	field := f.Field
	if field == "" {
		field = "media"
	}
	argErr := func(reason string) error { return &ArgError{Call: ep.Path, Field: field, Reason: reason} }
	if f.Body == nil {
		return nil, "", argErr("has no body")
	}
	if strings.TrimSpace(f.Name) == "" {
		return nil, "", argErr("needs a file name")
	}
	if strings.ContainsAny(f.Name, "\r\n") {
		return nil, "", argErr("file name has a line break")
	}
	var rb [16]byte
	_, _ = rand.Read(rb[:])
	boundary := "wecom" + hex.EncodeToString(rb[:])
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	header := func(n int64) string {
		return "--" + boundary + "\r\n" +
			`Content-Disposition: form-data; name="` + quoteParam(field) + `"; filename="` + quoteParam(f.Name) +
			`"; filelength=` + strconv.FormatInt(n, 10) + "\r\n" +
			"Content-Type: " + ct + "\r\n\r\n"
	}
	trailer := "\r\n--" + boundary + "--\r\n"

	// When the reader knows its size (a bytes.Reader, strings.Reader,
	// bytes.Buffer or os.File), the file is read straight into the body,
	// one copy in all; otherwise it is read first, then placed.
	hint := sizeHint(f.Body)
	limit := f.MaxBytes
	var r io.Reader = f.Body
	if limit > 0 {
		r = io.LimitReader(f.Body, limit+1)
	}
	var b bytes.Buffer
	h := header(hint)
	if hint >= 0 {
		b.Grow(len(h) + int(hint) + len(trailer) + bytes.MinRead)
	}
	b.WriteString(h)
	if _, err := b.ReadFrom(r); err != nil {
		return nil, "", argErr("could not be read: " + err.Error())
	}
	n := int64(b.Len() - len(h))
	if limit > 0 && n > limit {
		return nil, "", argErr("is larger than " + strconv.FormatInt(limit, 10) + " bytes")
	}
	if n < f.MinBytes {
		return nil, "", argErr("is " + strconv.FormatInt(n, 10) + " bytes, at least " + strconv.FormatInt(f.MinBytes, 10) + " needed")
	}
	if n != hint {
		// The size was not known (or the hint was wrong): rebuild the
		// header with the real length.
		data := b.Bytes()[len(h):]
		var nb bytes.Buffer
		h = header(n)
		nb.Grow(len(h) + len(data) + len(trailer))
		nb.WriteString(h)
		nb.Write(data)
		b = nb
	}
	b.WriteString(trailer)
	return b.Bytes(), "multipart/form-data; boundary=" + boundary, nil
}

// sizeHint returns how many bytes r will yield, or -1 when it cannot tell.
func sizeHint(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			if s, ok := r.(io.Seeker); ok {
				if off, err := s.Seek(0, io.SeekCurrent); err == nil {
					return fi.Size() - off
				}
			}
		}
	}
	return -1
}

// quoteParam escapes a header parameter value for use inside quotes.
func quoteParam(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
