package media

import (
	"bytes"
	"encoding/binary"
	"time"
)

// AMR frame sizes in bytes, header byte included, by frame type (RFC 4867,
// section 5.3); the types without speech data (NO_DATA, the reserved ones)
// are the header byte alone. Every frame is 20 ms.
var (
	amrNBFrame = [16]int{13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1}
	amrWBFrame = [16]int{18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1}
)

// amrDuration returns how long an AMR (narrow or wide band) recording
// plays, counting its frames; ok is false when data has no AMR header.
func amrDuration(data []byte) (d time.Duration, ok bool) {
	var sizes *[16]int
	switch {
	case bytes.HasPrefix(data, []byte("#!AMR-WB\n")):
		sizes, data = &amrWBFrame, data[len("#!AMR-WB\n"):]
	case bytes.HasPrefix(data, []byte("#!AMR\n")):
		sizes, data = &amrNBFrame, data[len("#!AMR\n"):]
	default:
		return 0, false
	}
	frames := 0
	for len(data) > 0 {
		n := sizes[(data[0]>>3)&0x0F]
		if n > len(data) {
			break // a truncated last frame does not play
		}
		data = data[n:]
		frames++
	}
	return time.Duration(frames) * 20 * time.Millisecond, true
}

// mp4Duration reads the duration of an MP4 file from its movie header
// (moov/mvhd, ISO/IEC 14496-12); ok is false when there is none to read.
func mp4Duration(data []byte) (d time.Duration, ok bool) {
	moov, ok := findBox(data, "moov")
	if !ok {
		return 0, false
	}
	mvhd, ok := findBox(moov, "mvhd")
	if !ok || len(mvhd) < 4 {
		return 0, false
	}
	var scale, length uint64
	switch mvhd[0] { // version
	case 0:
		if len(mvhd) < 20 {
			return 0, false
		}
		scale = uint64(binary.BigEndian.Uint32(mvhd[12:]))
		length = uint64(binary.BigEndian.Uint32(mvhd[16:]))
	case 1:
		if len(mvhd) < 32 {
			return 0, false
		}
		scale = uint64(binary.BigEndian.Uint32(mvhd[20:]))
		length = binary.BigEndian.Uint64(mvhd[24:])
	default:
		return 0, false
	}
	if scale == 0 {
		return 0, false
	}
	secs := length / scale
	if secs > uint64(time.Duration(1<<62)/time.Second) {
		return 1 << 62, true
	}
	return time.Duration(secs)*time.Second + time.Duration((length%scale)*uint64(time.Second)/scale), true
}

// findBox returns the payload of the first box of the given type among the
// boxes that make up data.
func findBox(data []byte, typ string) ([]byte, bool) {
	for len(data) >= 8 {
		size := uint64(binary.BigEndian.Uint32(data))
		header := uint64(8)
		switch size {
		case 0:
			size = uint64(len(data))
		case 1:
			if len(data) < 16 {
				return nil, false
			}
			size, header = binary.BigEndian.Uint64(data[8:]), 16
		}
		if size < header || size > uint64(len(data)) {
			return nil, false
		}
		if string(data[4:8]) == typ {
			return data[header:size], true
		}
		data = data[size:]
	}
	return nil, false
}
