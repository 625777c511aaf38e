package externalcontact

import (
	"slices"
	"testing"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// TestWire is the package's wire table: every endpoint's request on the
// wire, the decoding of a realistic answer, an errcode answer, the retry
// class (a read retried, a write sent once), the bad arguments refused
// before sending, and every path, method and request key checked against
// the pinned catalogue.
func TestWire(t *testing.T) {
	wiretest.Suite[*Client]{
		Endpoints: Endpoints(),
		New:       New,
		Cases:     slices.Concat(customerCases(t), groupChatCases(t), tagCases(t), transferCases(t), idConvertCases(t)),
		Bad:       slices.Concat(customerBad(), groupChatBad(), tagBad(), transferBad(), idConvertBad()),
		Exceptions: map[string]string{
			"service/externalcontact/finish_external_userid_migration": "the catalogue lists EasyWeChat's and WxJava's " +
				"externalcontact/finish_external_userid_migration; WeCom's current docs (95327, 96516 §3.3) put it under " +
				"service/ and take a provider_access_token, which is what is sent",
		},
	}.Run(t)
}
