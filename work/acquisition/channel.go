package acquisition

import (
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/wecomkit/wecom/work/core"
)

// MaxChannelBytes bounds a customer_channel: 64 bytes. WeCom cuts a longer
// one to 64 bytes (possibly inside a character) and that cut value becomes
// the customers' state; ChannelURL refuses it instead.
const MaxChannelBytes = 64

// ChannelURL returns linkURL (a Link's URL) with the query parameter
// customer_channel=channel, escaped, replacing any customer_channel it
// had; its other parameters are kept. A customer who adds a member through
// the returned URL has channel as the relation's state: in
// externalcontact/get's follow_user, in the add_external_contact event, in
// Customers.
//
// channel is required, valid UTF-8 and at most 64 bytes (MaxChannelBytes;
// WeCom would cut a longer one); linkURL is an absolute http(s) URL.
// Errors are *core.ArgError naming customer_channel or url.
//
//	u, err := acquisition.ChannelURL(link.URL, "douyin-2024-05")
//	// https://work.weixin.qq.com/ca/cawcde…?customer_channel=douyin-2024-05
func ChannelURL(linkURL, channel string) (string, error) {
	u, err := parseLinkURL(linkURL)
	if err != nil {
		return "", err
	}
	if err := checkChannel(channel); err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("customer_channel", channel)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// SchemeURL returns the weixin:// scheme of a link with a channel, which
// opens the link in WeChat directly (a better jump from a web page or an
// ad): weixin://biz/ww/profile/ followed by ChannelURL(linkURL, channel)
// escaped as a whole, as WeCom's page describes. An empty channel gives
// the scheme of the plain link.
//
//	weixin://biz/ww/profile/https%3A%2F%2Fwork.weixin.qq.com%2Fca%2FcaXXXXX%3Fcustomer_channel%3DWORK
func SchemeURL(linkURL, channel string) (string, error) {
	target := linkURL
	if channel != "" {
		var err error
		if target, err = ChannelURL(linkURL, channel); err != nil {
			return "", err
		}
	} else if _, err := parseLinkURL(linkURL); err != nil {
		return "", err
	}
	return "weixin://biz/ww/profile/" + url.QueryEscape(target), nil
}

func parseLinkURL(linkURL string) (*url.URL, error) {
	u, err := url.Parse(linkURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, &core.ArgError{Field: "url", Reason: strconv.Quote(linkURL) + " is not a link's absolute http(s) URL"}
	}
	return u, nil
}

func checkChannel(channel string) error {
	switch {
	case channel == "":
		return &core.ArgError{Field: "customer_channel", Reason: "is empty: give the link's URL as it is"}
	case !utf8.ValidString(channel):
		return &core.ArgError{Field: "customer_channel", Reason: "is not valid UTF-8"}
	case len(channel) > MaxChannelBytes:
		return &core.ArgError{Field: "customer_channel", Reason: "has " + strconv.Itoa(len(channel)) +
			" bytes, at most " + strconv.Itoa(MaxChannelBytes) + " allowed (WeCom would cut it)"}
	}
	return nil
}
