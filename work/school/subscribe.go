package school

import (
	"context"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

var (
	epGetSubscribeQRCode = endpoints.Add(core.Read("externalcontact/get_subscribe_qr_code"), core.Meta{
		Doc: "92320", Title: "获取「学校通知」二维码", EasyWeChat: "school->getSubscribeQrCode", WxJava: "getSubscribeQrCode"})
	epSetSubscribeMode = endpoints.Add(core.Write("externalcontact/set_subscribe_mode"), core.Meta{
		Doc: "92318", Title: "设置关注「学校通知」的模式", EasyWeChat: "school->setSubscribeMode", WxJava: "setSubscribeMode",
		Note: "the mode is a SubscribeMode, 1 or 2, checked before sending"})
	epGetSubscribeMode = endpoints.Add(core.Read("externalcontact/get_subscribe_mode"), core.Meta{
		Doc: "92318", Title: "获取关注「学校通知」的模式", EasyWeChat: "school->getSubscribeMode", WxJava: "getSubscribeMode"})
)

// QRCode is the 「学校通知」 QR code that parents scan to subscribe, in
// three sizes: image URLs.
type QRCode struct {
	// Big is the large image (qrcode_big).
	Big string `json:"qrcode_big"`
	// Middle is the middle-sized image (qrcode_middle).
	Middle string `json:"qrcode_middle"`
	// Thumb is the thumbnail (qrcode_thumb).
	Thumb string `json:"qrcode_thumb"`
}

// GetSubscribeQRCode returns the school's 「学校通知」 QR code
// (获取「学校通知」二维码), which parents scan in WeChat to subscribe.
//
// WeCom API: GET /cgi-bin/externalcontact/get_subscribe_qr_code (获取「学校通知」二维码), https://developer.work.weixin.qq.com/document/path/92320.
// EasyWeChat: school->getSubscribeQrCode. WxJava: getSubscribeQrCode.
func (c *Client) GetSubscribeQRCode(ctx context.Context) (*QRCode, error) {
	return core.Get[QRCode](ctx, c.core, epGetSubscribeQRCode, nil)
}

// SubscribeMode says whether parents may join by scanning the QR code and
// filling in their details (subscribe_mode).
type SubscribeMode int

// Subscribe modes.
const (
	// SubscribeByScan lets parents join by scanning and filling in their
	// details (可扫码填写资料加入).
	SubscribeByScan SubscribeMode = 1
	// SubscribeClosed does not (禁止扫码填写资料加入): only parents already
	// in the 家校通讯录 can subscribe.
	SubscribeClosed SubscribeMode = 2
)

// String names the mode.
func (m SubscribeMode) String() string {
	switch m {
	case SubscribeByScan:
		return "by scan"
	case SubscribeClosed:
		return "closed"
	}
	return "SubscribeMode(" + strconv.Itoa(int(m)) + ")"
}

type subscribeModeBody struct {
	SubscribeMode SubscribeMode `json:"subscribe_mode"`
}

// SetSubscribeMode sets whether parents may join by scanning the QR code
// (设置关注「学校通知」的模式): SubscribeByScan or SubscribeClosed.
//
// WeCom API: POST /cgi-bin/externalcontact/set_subscribe_mode (设置关注「学校通知」的模式), https://developer.work.weixin.qq.com/document/path/92318.
// EasyWeChat: school->setSubscribeMode. WxJava: setSubscribeMode.
func (c *Client) SetSubscribeMode(ctx context.Context, mode SubscribeMode) error {
	if mode != SubscribeByScan && mode != SubscribeClosed {
		return core.Named(epSetSubscribeMode, &core.ArgError{Field: "subscribe_mode",
			Reason: "is " + strconv.Itoa(int(mode)) + ", must be 1 (by scan) or 2 (closed)"})
	}
	return core.Exec(ctx, c.core, epSetSubscribeMode, &subscribeModeBody{SubscribeMode: mode})
}

// GetSubscribeMode returns whether parents may join by scanning the QR
// code (获取关注「学校通知」的模式).
//
// WeCom API: GET /cgi-bin/externalcontact/get_subscribe_mode (获取关注「学校通知」的模式), https://developer.work.weixin.qq.com/document/path/92318.
// EasyWeChat: school->getSubscribeMode. WxJava: getSubscribeMode.
func (c *Client) GetSubscribeMode(ctx context.Context) (SubscribeMode, error) {
	r, err := core.Get[subscribeModeBody](ctx, c.core, epGetSubscribeMode, nil)
	if err != nil {
		return 0, err
	}
	return r.SubscribeMode, nil
}
