package media

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestAMRDuration(t *testing.T) {
	nb := []byte("#!AMR\n")
	for i := 0; i < 50; i++ {
		nb = append(nb, 7<<3|0x04)
		nb = append(nb, make([]byte, 31)...)
	}
	nb = append(nb, 15<<3) // NO_DATA: one byte, one more 20 ms
	d, ok := amrDuration(nb)
	assert.True(t, ok)
	assert.Equal(t, 51*20*time.Millisecond, d)

	d, ok = amrDuration(append(nb, 7<<3, 1, 2)) // a truncated last frame
	assert.True(t, ok)
	assert.Equal(t, 51*20*time.Millisecond, d)

	wb := []byte("#!AMR-WB\n")
	for i := 0; i < 10; i++ {
		wb = append(wb, 8<<3|0x04)
		wb = append(wb, make([]byte, 60)...)
	}
	d, ok = amrDuration(wb)
	assert.True(t, ok)
	assert.Equal(t, 200*time.Millisecond, d)

	_, ok = amrDuration([]byte("ID3\x03\x00mp3 file"))
	assert.False(t, ok)
}

func box(typ string, payload []byte) []byte {
	b := make([]byte, 8, 8+len(payload))
	binary.BigEndian.PutUint32(b, uint32(8+len(payload)))
	copy(b[4:], typ)
	return append(b, payload...)
}

func TestMP4Duration(t *testing.T) {
	v1 := make([]byte, 112)
	v1[0] = 1
	binary.BigEndian.PutUint32(v1[20:], 600)
	binary.BigEndian.PutUint64(v1[24:], 600*45+300)
	file := append(box("ftyp", []byte("mp42")), box("moov", append(box("trak", nil), box("mvhd", v1)...))...)
	d, ok := mp4Duration(file)
	assert.True(t, ok)
	assert.Equal(t, 45500*time.Millisecond, d)

	// A 64-bit box size (size 1) before the movie box.
	large := make([]byte, 16+4)
	binary.BigEndian.PutUint32(large, 1)
	copy(large[4:], "mdat")
	binary.BigEndian.PutUint64(large[8:], uint64(len(large)))
	d, ok = mp4Duration(append(large, file[len(box("ftyp", []byte("mp42"))):]...))
	assert.True(t, ok)
	assert.Equal(t, 45500*time.Millisecond, d)

	for name, data := range map[string][]byte{
		"no moov":       box("ftyp", []byte("mp42")),
		"short mvhd":    box("moov", box("mvhd", []byte{0, 0, 0})),
		"zero scale":    box("moov", box("mvhd", make([]byte, 100))),
		"bad size":      {0, 0, 0, 4, 'm', 'o', 'o', 'v'},
		"size too long": {0, 0, 1, 0, 'm', 'o', 'o', 'v'},
		"version 2":     box("moov", box("mvhd", append([]byte{2}, make([]byte, 99)...))),
	} {
		_, ok := mp4Duration(data)
		assert.False(t, ok, name)
	}
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("#!AMR\n\x3c0123456789012345678901234567890"))
	f.Add(box("moov", box("mvhd", make([]byte, 100))))
	f.Add([]byte{0, 0, 0, 1, 'm', 'o', 'o', 'v', 0, 0, 0, 0, 0, 0, 0, 16})
	f.Fuzz(func(t *testing.T, data []byte) {
		if d, ok := amrDuration(data); ok && d < 0 {
			t.Fatalf("negative AMR duration %v", d)
		}
		if d, ok := mp4Duration(data); ok && d < 0 {
			t.Fatalf("negative MP4 duration %v", d)
		}
	})
}
