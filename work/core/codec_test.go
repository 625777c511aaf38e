package core_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// countingCodec wraps encoding/json and counts its calls; blind makes
// Unmarshal a no-op, as a broken codec might be.
type countingCodec struct {
	marshal, unmarshal atomic.Int32
	blind              bool
}

func (c *countingCodec) Marshal(v any) ([]byte, error) { c.marshal.Add(1); return json.Marshal(v) }
func (c *countingCodec) Unmarshal(b []byte, v any) error {
	c.unmarshal.Add(1)
	if c.blind {
		return nil
	}
	return json.Unmarshal(b, v)
}

func TestPluggedCodec(t *testing.T) {
	f := newFake(t, ok)
	codec := &countingCodec{}
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Codec: codec})
	require.NoError(t, err)
	c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) { return "T", nil }))
	got, err := core.Send[valueResp](bg, c, epReadPost, map[string]string{"k": "v"})
	require.NoError(t, err)
	assert.Equal(t, 42, got.Value)
	assert.EqualValues(t, 1, codec.marshal.Load())
	assert.EqualValues(t, 1, codec.unmarshal.Load())
	assert.Equal(t, `{"k":"v"}`, f.bodies[0])

	require.NoError(t, c.Call(bg, epReadPost, nil, []byte(`{"raw":true}`), nil))
	assert.EqualValues(t, 1, codec.marshal.Load(), "raw bytes are not re-encoded")
}

func TestErrcodeCheckedWhateverTheCodec(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":40003,"errmsg":"invalid userid"}`)
	})
	codec := &countingCodec{blind: true}
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Codec: codec})
	require.NoError(t, err)
	c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) { return "T", nil }))
	_, err = core.Get[valueResp](bg, c, epGetThing, nil)
	assert.ErrorIs(t, err, core.ErrInvalidUserID)
	assert.Zero(t, codec.unmarshal.Load(), "an error answer is never decoded")
}

func TestStdCodecKeepsHTML(t *testing.T) {
	b, err := core.StdCodec{}.Marshal(map[string]string{"url": "https://a.example/?a=1&b=<2>"})
	require.NoError(t, err)
	assert.Equal(t, `{"url":"https://a.example/?a=1&b=<2>"}`, string(b))
	var v map[string]string
	require.NoError(t, core.StdCodec{}.Unmarshal(b, &v))
	assert.Equal(t, "https://a.example/?a=1&b=<2>", v["url"])
}
