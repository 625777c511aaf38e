package acquisition_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/acquisition"
	"github.com/wecomkit/wecom/work/core"
)

func TestChannelURL(t *testing.T) {
	for _, tt := range []struct{ link, channel, want string }{
		{linkURL, "WORK", linkURL + "?customer_channel=WORK"},
		// Escaped: a space, an ampersand, an equals sign, Chinese.
		{linkURL, "抖音 五一&a=b", linkURL + "?customer_channel=%E6%8A%96%E9%9F%B3+%E4%BA%94%E4%B8%80%26a%3Db"},
		// An existing channel is replaced, other parameters are kept.
		{linkURL + "?customer_channel=old&from=ad", "new", linkURL + "?customer_channel=new&from=ad"},
		{linkURL, strings.Repeat("a", 64), linkURL + "?customer_channel=" + strings.Repeat("a", 64)},
	} {
		got, err := acquisition.ChannelURL(tt.link, tt.channel)
		require.NoError(t, err, tt.channel)
		assert.Equal(t, tt.want, got)
		u, err := url.Parse(got)
		require.NoError(t, err)
		assert.Equal(t, tt.channel, u.Query().Get("customer_channel"), "the state a customer gets")
	}

	l := acquisition.Link{URL: linkURL}
	got, err := l.ChannelURL("x")
	require.NoError(t, err)
	assert.Equal(t, linkURL+"?customer_channel=x", got)
}

func TestChannelURLRefuses(t *testing.T) {
	for _, tt := range []struct{ link, channel, field string }{
		{linkURL, "", "customer_channel"},
		{linkURL, strings.Repeat("a", 65), "customer_channel"},
		// 22 three-byte characters are 66 bytes: WeCom would cut one in half.
		{linkURL, strings.Repeat("渠", 22), "customer_channel"},
		{linkURL, "\xff", "customer_channel"},
		{"work.weixin.qq.com/ca/x", "a", "url"},
		{"ftp://work.weixin.qq.com/ca/x", "a", "url"},
		{"", "a", "url"},
	} {
		_, err := acquisition.ChannelURL(tt.link, tt.channel)
		var ae *core.ArgError
		require.ErrorAs(t, err, &ae, "%q %q", tt.link, tt.channel)
		assert.Equal(t, tt.field, ae.Field)
		assert.ErrorIs(t, err, core.ErrInvalidArgument)
	}
}

func TestSchemeURL(t *testing.T) {
	// WeCom's own example.
	got, err := acquisition.SchemeURL("https://work.weixin.qq.com/ca/caXXXXX", "WORK")
	require.NoError(t, err)
	assert.Equal(t, "weixin://biz/ww/profile/https%3A%2F%2Fwork.weixin.qq.com%2Fca%2FcaXXXXX%3Fcustomer_channel%3DWORK", got)

	got, err = acquisition.SchemeURL("https://work.weixin.qq.com/ca/caXXXXX", "")
	require.NoError(t, err)
	assert.Equal(t, "weixin://biz/ww/profile/https%3A%2F%2Fwork.weixin.qq.com%2Fca%2FcaXXXXX", got)

	// The channel is escaped twice: once in the URL, once with it.
	got, err = acquisition.SchemeURL(linkURL, "a b&c")
	require.NoError(t, err)
	inner, err := url.QueryUnescape(strings.TrimPrefix(got, "weixin://biz/ww/profile/"))
	require.NoError(t, err)
	u, err := url.Parse(inner)
	require.NoError(t, err)
	assert.Equal(t, "a b&c", u.Query().Get("customer_channel"))

	_, err = acquisition.SchemeURL("nope", "")
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "url", ae.Field)
	_, err = acquisition.SchemeURL(linkURL, strings.Repeat("a", 65))
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "customer_channel", ae.Field)
}

func TestQuotaExpiringBy(t *testing.T) {
	q := &acquisition.Quota{Balance: 500, Batches: []acquisition.QuotaBatch{{ExpireDate: 1719763200, Balance: 200}, {ExpireDate: 1730390400, Balance: 300}}}
	assert.Equal(t, 0, q.ExpiringBy(now))
	assert.Equal(t, 200, q.ExpiringBy(q.Batches[0].Expires()))
	assert.Equal(t, 500, q.ExpiringBy(q.Batches[1].Expires().Add(1)))
}
