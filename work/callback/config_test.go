package callback_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

func TestNewRejectsBadConfig(t *testing.T) {
	good := callback.Config{Token: testToken, EncodingAESKey: testAESKey, ReceiverIDs: []string{testCorpID}}
	tests := []struct {
		name string
		mod  func(*callback.Config)
	}{
		{"no token", func(c *callback.Config) { c.Token = "" }},
		{"no key", func(c *callback.Config) { c.EncodingAESKey = "" }},
		{"short key", func(c *callback.Config) { c.EncodingAESKey = c.EncodingAESKey[:40] }},
		{"bad key", func(c *callback.Config) { c.EncodingAESKey = "*" + c.EncodingAESKey[1:] }},
		{"no receiver", func(c *callback.Config) { c.ReceiverIDs = nil }},
		{"negative body cap", func(c *callback.Config) { c.MaxBodyBytes = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.mod(&cfg)
			h, err := callback.New(cfg)
			assert.Nil(t, h)
			require.ErrorIs(t, err, callback.ErrInvalidConfig)
			assert.NotContains(t, err.Error(), testToken)
			assert.NotContains(t, err.Error(), testAESKey[1:])
		})
	}
	h, err := callback.New(good)
	require.NoError(t, err)
	assert.NotNil(t, h)
}

func TestConfigPrintsRedacted(t *testing.T) {
	cfg := callback.Config{Token: testToken, EncodingAESKey: testAESKey, ReceiverIDs: []string{testCorpID, testSuite}}
	var outs []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		outs = append(outs, fmt.Sprintf(format, cfg), fmt.Sprintf(format, &cfg))
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("cfg", "config", cfg, "ptr", &cfg)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("cfg", "config", cfg)
	outs = append(outs, logs.String())
	js, err := json.Marshal(cfg)
	require.NoError(t, err)
	outs = append(outs, string(js))
	for _, out := range outs {
		assert.NotContains(t, out, testToken)
		assert.NotContains(t, out, testAESKey)
	}
	assert.Contains(t, cfg.String(), "REDACTED")
	assert.Contains(t, cfg.String(), testSuite)
	assert.Contains(t, logs.String(), "REDACTED")
	assert.True(t, json.Valid(js))
	assert.Contains(t, fmt.Sprint(callback.Config{}), `Token:""`, "an empty secret shows as empty")

	// Any receiver id, control characters included, still gives valid JSON.
	js, err = json.Marshal(callback.Config{Token: testToken, ReceiverIDs: []string{"ww\x01\"<>"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Token":"REDACTED","EncodingAESKey":"","ReceiverIDs":["ww\u0001\"\u003c\u003e"]}`, string(js))
}
