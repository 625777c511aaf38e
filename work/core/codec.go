package core

import (
	"bytes"
	"encoding/json"
)

// Codec encodes request bodies and decodes typed answers. The default is
// encoding/json (with HTML escaping off, as WeCom expects); plug in a faster
// drop-in codec through Options.Codec (work.Config.Codec) without the
// library depending on it:
//
//	type goccy struct{}
//	func (goccy) Marshal(v any) ([]byte, error)      { return gojson.MarshalNoEscape(v) }
//	func (goccy) Unmarshal(b []byte, v any) error    { return gojson.Unmarshal(b, v) }
//
// Whatever the codec, errcode is read from the raw answer before anything
// is decoded, so a codec cannot hide an error. A Codec must be safe for
// concurrent use, and Unmarshal must not keep b, which is reused after it
// returns.
type Codec interface {
	Marshal(v any) ([]byte, error)
	Unmarshal(b []byte, v any) error
}

// StdCodec is the default Codec: encoding/json, with HTML escaping off.
type StdCodec struct{}

// Marshal encodes v without escaping <, > and &.
func (StdCodec) Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// Unmarshal decodes b into v with encoding/json.
func (StdCodec) Unmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
