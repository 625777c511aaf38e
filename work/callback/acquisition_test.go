package callback_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

const acqLink = "cawcde5c4e8f7a2b91"

func acq(change callback.ChangeType, ts int64) callback.Header {
	return selfBuilt(callback.EventCustomerAcquisition, change, ts)
}

func acqSuite(change callback.ChangeType, ts int64) callback.Header {
	return suite(callback.EventCustomerAcquisition, change, ts)
}

// acquisitionFixtures maps each 获客助手 fixture to the typed event it must
// decode to.
var acquisitionFixtures = []struct {
	file string
	want callback.Event
}{
	{"customer_acquisition__balance_low.xml", &callback.AcquisitionBalanceLowEvent{Header: acq(callback.ChangeBalanceLow, 1718100000)}},
	{"customer_acquisition__balance_exhausted.xml", &callback.AcquisitionBalanceExhaustedEvent{Header: acq(callback.ChangeBalanceExhausted, 1718100001)}},
	{"customer_acquisition__balance_increased.suite.xml", &callback.AcquisitionBalanceIncreasedEvent{Header: acqSuite(callback.ChangeBalanceIncreased, 1718100002)}},
	{"customer_acquisition__quota_expire_soon.xml", &callback.AcquisitionQuotaExpireSoonEvent{Header: acq(callback.ChangeQuotaExpireSoon, 1718100003),
		ExpireTime: 1719763200, ExpireQuotaNum: 200}},
	{"customer_acquisition__link_unavailable.xml", &callback.AcquisitionLinkUnavailableEvent{Header: acq(callback.ChangeLinkUnavailable, 1718100004), LinkID: acqLink}},
	{"customer_acquisition__delete_link.xml", &callback.AcquisitionDeleteLinkEvent{Header: acq(callback.ChangeDeleteLink, 1718100005), LinkID: acqLink}},
	{"customer_acquisition__open_profile.suite.xml", &callback.AcquisitionOpenProfileEvent{Header: acqSuite(callback.ChangeOpenProfile, 1718100006),
		LinkID: acqLink, State: "douyin-0501"}},
	{"customer_acquisition__friend_request.xml", &callback.AcquisitionFriendRequestEvent{Header: acq(callback.ChangeFriendRequest, 1718100007),
		LinkID: acqLink, State: "douyin-0501"}},
	{"customer_acquisition__customer_start_chat.xml", &callback.AcquisitionCustomerStartChatEvent{Header: acq(callback.ChangeCustomerStartChat, 1718100008),
		UserID: "lilei", ExternalUserID: customerA, LinkID: acqLink}},
	{"customer_acquisition__message_from_customer.xml", &callback.AcquisitionMessageFromCustomerEvent{Header: acq(callback.ChangeMessageFromCustomer, 1718100009),
		LinkID: acqLink, ChatKey: "CHATKEY9c2f7e1a5b3d4c6e8f0a"}},
	{"customer_acquisition__message_from_customer.before_2024_12.xml", &callback.AcquisitionMessageFromCustomerEvent{
		Header: acq(callback.ChangeMessageFromCustomer, 1718100010), LinkID: acqLink, ChatKey: "CHATKEY0a1b2c3d4e5f60718293",
		UserID: "lilei", ExternalUserID: customerA, ChatSeq: 3}},
	{"customer_acquisition__del_follow_user.xml", &callback.AcquisitionDelFollowUserEvent{Header: acq(callback.ChangeDelFollowUser, 1718100011),
		UserID: "lilei", ExternalUserID: customerA, LinkID: acqLink}},
}

func TestParseAcquisitionFixtures(t *testing.T) {
	for _, tt := range acquisitionFixtures {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := callback.ParseEvent(fixture(t, tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, raw.Typed)
			assert.Equal(t, *tt.want.EventHeader(), raw.Header)
			assert.Equal(t, callback.EventCustomerAcquisition, raw.Type())
			assert.Equal(t, testCorpID, raw.CorpID())
		})
	}
	// 11 change types, and the old form of one.
	assert.Len(t, acquisitionFixtures, 12)
}

func TestAcquisitionQuotaExpireSoonTime(t *testing.T) {
	raw, err := callback.ParseEvent(fixture(t, "customer_acquisition__quota_expire_soon.xml"))
	require.NoError(t, err)
	e := raw.Typed.(*callback.AcquisitionQuotaExpireSoonEvent)
	assert.Equal(t, time.Date(2024, 7, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)).Unix(), e.Expires().Unix())
}

// A malformed number leaves the event raw rather than failing it.
func TestAcquisitionMalformedNumberStaysRaw(t *testing.T) {
	for _, xml := range []string{
		`<xml><ToUserName><![CDATA[ww1]]></ToUserName><CreateTime>1</CreateTime><Event><![CDATA[customer_acquisition]]></Event>` +
			`<ChangeType><![CDATA[quota_expire_soon]]></ChangeType><ExpireTime>soon</ExpireTime><ExpireQuotaNum>2</ExpireQuotaNum></xml>`,
		`<xml><ToUserName><![CDATA[ww1]]></ToUserName><CreateTime>1</CreateTime><Event><![CDATA[customer_acquisition]]></Event>` +
			`<ChangeType><![CDATA[message_from_customer]]></ChangeType><ChatSeq>third</ChatSeq></xml>`,
	} {
		raw, err := callback.ParseEvent([]byte(xml))
		require.NoError(t, err)
		assert.Nil(t, raw.Typed)
		assert.Equal(t, callback.EventCustomerAcquisition, raw.Type())
	}
}

// The acquisition del_follow_user is not the change_external_contact one.
func TestAcquisitionDelFollowUserIsItsOwnKind(t *testing.T) {
	hs := newHarness(t, nil)
	var contact, link int
	hs.h.OnDelFollowUser(func(context.Context, *callback.DelFollowUserEvent) error { contact++; return nil })
	hs.h.OnAcquisitionDelFollowUser(func(_ context.Context, e *callback.AcquisitionDelFollowUserEvent) error {
		assert.Equal(t, acqLink, e.LinkID)
		link++
		return nil
	})
	assertSuccess(t, hs.deliver(t, fixture(t, "customer_acquisition__del_follow_user.xml")))
	assertSuccess(t, hs.deliver(t, fixture(t, "change_external_contact__del_follow_user.xml")))
	assert.Equal(t, 1, contact)
	assert.Equal(t, 1, link)
}

func TestHandlerDeliversEveryAcquisitionEvent(t *testing.T) {
	hs := newHarness(t, nil)
	var (
		mu  sync.Mutex
		got []callback.Event
	)
	rec := func(e callback.Event) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e)
		return nil
	}
	h := hs.h
	h.OnAcquisitionBalanceLow(func(_ context.Context, e *callback.AcquisitionBalanceLowEvent) error { return rec(e) })
	h.OnAcquisitionBalanceExhausted(func(_ context.Context, e *callback.AcquisitionBalanceExhaustedEvent) error { return rec(e) })
	h.OnAcquisitionBalanceIncreased(func(_ context.Context, e *callback.AcquisitionBalanceIncreasedEvent) error { return rec(e) })
	h.OnAcquisitionQuotaExpireSoon(func(_ context.Context, e *callback.AcquisitionQuotaExpireSoonEvent) error { return rec(e) })
	h.OnAcquisitionLinkUnavailable(func(_ context.Context, e *callback.AcquisitionLinkUnavailableEvent) error { return rec(e) })
	h.OnAcquisitionDeleteLink(func(_ context.Context, e *callback.AcquisitionDeleteLinkEvent) error { return rec(e) })
	h.OnAcquisitionOpenProfile(func(_ context.Context, e *callback.AcquisitionOpenProfileEvent) error { return rec(e) })
	h.OnAcquisitionFriendRequest(func(_ context.Context, e *callback.AcquisitionFriendRequestEvent) error { return rec(e) })
	h.OnAcquisitionCustomerStartChat(func(_ context.Context, e *callback.AcquisitionCustomerStartChatEvent) error { return rec(e) })
	h.OnAcquisitionMessageFromCustomer(func(_ context.Context, e *callback.AcquisitionMessageFromCustomerEvent) error { return rec(e) })
	h.OnAcquisitionDelFollowUser(func(_ context.Context, e *callback.AcquisitionDelFollowUserEvent) error { return rec(e) })
	var raws []*callback.RawEvent
	h.OnEvent(func(_ context.Context, e *callback.RawEvent) error { raws = append(raws, e); return nil })

	for i, tt := range acquisitionFixtures {
		assertSuccess(t, hs.deliver(t, fixture(t, tt.file)))
		require.Len(t, got, i+1, tt.file)
		assert.Equal(t, tt.want, got[i], tt.file)
	}
	assert.Empty(t, raws, "every known kind reached its typed function")

	// A change type WeCom adds later reaches OnEvent, raw.
	msg := fixture(t, "customer_acquisition__future_change.xml")
	assertSuccess(t, hs.deliver(t, msg))
	require.Len(t, raws, 1)
	assert.Nil(t, raws[0].Typed)
	assert.Equal(t, callback.ChangeType("some_future_change"), raws[0].ChangeType)
	assert.Equal(t, msg, raws[0].XML)
	assert.Len(t, got, len(acquisitionFixtures))
}
