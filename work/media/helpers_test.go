package media_test

import (
	"bytes"
	"encoding/binary"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jpeg returns n bytes that start like a JPEG file.
func jpeg(n int) []byte {
	return fill([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}, n)
}

// png returns n bytes that start like a PNG file.
func png(n int) []byte { return fill([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), n) }

func fill(head []byte, n int) []byte {
	b := make([]byte, n)
	copy(b, head)
	for i := len(head); i < n; i++ {
		b[i] = byte(i)
	}
	return b
}

// amr returns a narrow-band AMR recording of the given number of 20 ms
// frames (mode 7, 32 bytes a frame).
func amr(frames int) []byte {
	b := []byte("#!AMR\n")
	frame := make([]byte, 32)
	frame[0] = 7<<3 | 0x04
	for i := 0; i < frames; i++ {
		b = append(b, frame...)
	}
	return b
}

// mp4 returns a minimal MP4 file (ftyp, mdat, moov/mvhd version 0) that
// plays the given milliseconds.
func mp4(millis uint32) []byte {
	box := func(typ string, payload []byte) []byte {
		b := make([]byte, 8, 8+len(payload))
		binary.BigEndian.PutUint32(b, uint32(8+len(payload)))
		copy(b[4:], typ)
		return append(b, payload...)
	}
	mvhd := make([]byte, 100)
	binary.BigEndian.PutUint32(mvhd[12:], 1000) // timescale
	binary.BigEndian.PutUint32(mvhd[16:], millis)
	var out []byte
	out = append(out, box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))...)
	out = append(out, box("mdat", bytes.Repeat([]byte{0x42}, 64))...)
	out = append(out, box("moov", box("mvhd", mvhd))...)
	return out
}

// checkPart returns a CheckRequest that parses the multipart body and
// checks its one part: field "media", the file name, its filelength, its
// content type and its bytes.
func checkPart(name, contentType string, want []byte) func(t *testing.T, r *http.Request, body []byte) {
	return func(t *testing.T, r *http.Request, body []byte) {
		mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		require.NoError(t, err)
		assert.Equal(t, "multipart/form-data", mt)
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		p, err := mr.NextPart()
		require.NoError(t, err)
		assert.Equal(t, "media", p.FormName())
		assert.Equal(t, name, p.FileName())
		_, disp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(len(want)), disp["filelength"])
		assert.Equal(t, contentType, p.Header.Get("Content-Type"))
		var got bytes.Buffer
		_, err = got.ReadFrom(p)
		require.NoError(t, err)
		assert.Equal(t, want, got.Bytes(), "the file's bytes")
		_, err = mr.NextPart()
		assert.Error(t, err, "one part only")
	}
}
