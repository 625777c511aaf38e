package callback_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// selfBuilt and suite build the two header forms of the fixtures.
func selfBuilt(ev callback.EventType, change callback.ChangeType, createTime int64) callback.Header {
	return callback.Header{ToUserName: testCorpID, FromUserName: "sys", CreateTime: createTime,
		MsgType: "event", Event: ev, ChangeType: change}
}

func suite(ev callback.EventType, change callback.ChangeType, ts int64) callback.Header {
	return callback.Header{SuiteID: testSuite, AuthCorpID: testCorpID, InfoType: ev, TimeStamp: ts, ChangeType: change}
}

const (
	customerA = "wmQx3aBAAAn2pVZr8dKc0tYbE1fGhJ9w"
	customerB = "wmQx3aBAAAk7uYtR4eWq1oPaS2dFgH5j"
	customerC = "wmQx3aBAAAz9xCvB8nM2lKjH7gF6dS5a"
	chatID    = "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA"
	tagID     = "etXYZ2DgAAqQ1ux8m0JZbC6n5p0m_AAA"
	groupID   = "etXYZ2DgAAgrp3kLm9nB7vC1x2z4_AAA"
)

// eventFixtures maps each fixture to the typed event it must decode to.
var eventFixtures = []struct {
	file string
	want callback.Event
}{
	{"change_external_contact__add_external_contact.xml", &callback.AddExternalContactEvent{
		Header: selfBuilt(callback.EventChangeExternalContact, callback.ChangeAddExternalContact, 1718000000),
		UserID: "lilei", ExternalUserID: customerA, State: "poster-2024-spring",
		WelcomeCode: "Wc7Hq2LmN0pR5sT8vX1zA3bD6fG9jK4m"}},
	{"change_external_contact__add_external_contact.suite.xml", &callback.AddExternalContactEvent{
		Header: suite(callback.EventChangeExternalContact, callback.ChangeAddExternalContact, 1718000001),
		UserID: "hanmeimei", ExternalUserID: customerB, State: "booth-7",
		WelcomeCode: "Wc0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT"}},
	{"change_external_contact__edit_external_contact.xml", &callback.EditExternalContactEvent{
		Header: selfBuilt(callback.EventChangeExternalContact, callback.ChangeEditExternalContact, 1718000002),
		UserID: "lilei", ExternalUserID: customerA, State: "poster-2024-spring"}},
	{"change_external_contact__add_half_external_contact.xml", &callback.AddHalfExternalContactEvent{
		Header: suite(callback.EventChangeExternalContact, callback.ChangeAddHalfExternalContact, 1718000003),
		UserID: "lilei", ExternalUserID: customerC, State: "mini-program",
		WelcomeCode: "WcHalf0123456789abcdefghijklmnop"}},
	{"change_external_contact__del_external_contact.xml", &callback.DelExternalContactEvent{
		Header: selfBuilt(callback.EventChangeExternalContact, callback.ChangeDelExternalContact, 1718000004),
		UserID: "lilei", ExternalUserID: customerA, Source: callback.DeleteByTransfer}},
	{"change_external_contact__del_follow_user.xml", &callback.DelFollowUserEvent{
		Header: suite(callback.EventChangeExternalContact, callback.ChangeDelFollowUser, 1718000005),
		UserID: "hanmeimei", ExternalUserID: customerB}},
	{"change_external_contact__transfer_fail.xml", &callback.TransferFailEvent{
		Header:     suite(callback.EventChangeExternalContact, callback.ChangeTransferFail, 1718000006),
		FailReason: callback.FailCustomerLimitExceed, UserID: "wangwu", ExternalUserID: customerC}},
	{"change_external_contact__msg_audit_approved.xml", &callback.MsgAuditApprovedEvent{
		Header: selfBuilt(callback.EventChangeExternalContact, callback.ChangeMsgAuditApproved, 1718000007),
		UserID: "lilei", ExternalUserID: customerA, WelcomeCode: "WcAudit9876543210zyxwvutsrqponml"}},
	{"change_external_chat__create.xml", &callback.ExternalChatCreateEvent{
		Header: selfBuilt(callback.EventChangeExternalChat, callback.ChangeCreate, 1718000008), ChatID: chatID}},
	{"change_external_chat__update.xml", &callback.ExternalChatUpdateEvent{
		Header: suite(callback.EventChangeExternalChat, callback.ChangeUpdate, 1718000009),
		ChatID: chatID, UpdateDetail: callback.UpdateAddMember, JoinScene: callback.JoinByQRCode,
		QuitScene: callback.QuitBySelf, MemChangeCnt: 2, MemChangeList: []string{"lilei", customerA},
		LastMemVer: "5d41402abc4b2a76b9719d911017c592", CurMemVer: "7d793037a0760186574b0282f2f435e7"}},
	{"change_external_chat__update.del_member.xml", &callback.ExternalChatUpdateEvent{
		Header: selfBuilt(callback.EventChangeExternalChat, callback.ChangeUpdate, 1718000010),
		ChatID: chatID, UpdateDetail: callback.UpdateDelMember, QuitScene: callback.QuitByRemove,
		MemChangeCnt: 1, MemChangeList: []string{customerB},
		LastMemVer: "7d793037a0760186574b0282f2f435e7", CurMemVer: "9e107d9d372bb6826bd81d3542a419d6"}},
	{"change_external_chat__dismiss.xml", &callback.ExternalChatDismissEvent{
		Header: suite(callback.EventChangeExternalChat, callback.ChangeDismiss, 1718000011), ChatID: chatID}},
	{"change_external_tag__create.xml", &callback.ExternalTagCreateEvent{
		Header: suite(callback.EventChangeExternalTag, callback.ChangeCreate, 1718000012),
		ID:     tagID, TagType: callback.TagTypeTag}},
	{"change_external_tag__update.xml", &callback.ExternalTagUpdateEvent{
		Header: selfBuilt(callback.EventChangeExternalTag, callback.ChangeUpdate, 1718000013),
		ID:     groupID, TagType: callback.TagTypeTagGroup, StrategyID: "17"}},
	{"change_external_tag__delete.xml", &callback.ExternalTagDeleteEvent{
		Header: suite(callback.EventChangeExternalTag, callback.ChangeDelete, 1718000014),
		ID:     tagID, TagType: callback.TagTypeTag}},
	{"change_external_tag__shuffle.xml", &callback.ExternalTagShuffleEvent{
		Header: selfBuilt(callback.EventChangeExternalTag, callback.ChangeShuffle, 1718000015),
		ID:     groupID, StrategyID: "17"}},
}

func TestParseEventFixtures(t *testing.T) {
	for _, tt := range eventFixtures {
		t.Run(tt.file, func(t *testing.T) {
			data := fixture(t, tt.file)
			raw, err := callback.ParseEvent(data)
			require.NoError(t, err)
			assert.Equal(t, tt.want, raw.Typed)
			assert.Equal(t, *tt.want.EventHeader(), raw.Header)
			assert.Equal(t, data, raw.XML)

			h := raw.EventHeader()
			assert.Equal(t, testCorpID, h.CorpID())
			assert.NotEmpty(t, h.Type())
			assert.Equal(t, tt.want.EventHeader().Type(), h.Type())
			assert.Greater(t, h.Time().Unix(), int64(1718000000)-1)
		})
	}
}

// The add_external_contact fields users depend on, one by one.
func TestParseAddExternalContactFields(t *testing.T) {
	raw, err := callback.ParseEvent(fixture(t, "change_external_contact__add_external_contact.xml"))
	require.NoError(t, err)
	e, ok := raw.Typed.(*callback.AddExternalContactEvent)
	require.True(t, ok)
	assert.Equal(t, testCorpID, e.ToUserName)
	assert.Equal(t, "sys", e.FromUserName)
	assert.Equal(t, int64(1718000000), e.CreateTime)
	assert.Equal(t, "event", e.MsgType)
	assert.Equal(t, callback.EventChangeExternalContact, e.Event)
	assert.Equal(t, callback.ChangeAddExternalContact, e.ChangeType)
	assert.Equal(t, "lilei", e.UserID)
	assert.Equal(t, customerA, e.ExternalUserID)
	assert.Equal(t, "poster-2024-spring", e.State)
	assert.Equal(t, "Wc7Hq2LmN0pR5sT8vX1zA3bD6fG9jK4m", e.WelcomeCode)
	assert.Equal(t, time.Unix(1718000000, 0), e.Time())

	raw, err = callback.ParseEvent(fixture(t, "change_external_contact__add_external_contact.suite.xml"))
	require.NoError(t, err)
	s := raw.Typed.(*callback.AddExternalContactEvent)
	assert.Equal(t, testSuite, s.SuiteID)
	assert.Equal(t, testCorpID, s.AuthCorpID)
	assert.Equal(t, callback.EventChangeExternalContact, s.InfoType)
	assert.Empty(t, s.Event)
	assert.Equal(t, callback.EventChangeExternalContact, s.Type())
	assert.Equal(t, int64(1718000001), s.TimeStamp)
	assert.Equal(t, time.Unix(1718000001, 0), s.Time())
	assert.Equal(t, "booth-7", s.State)
}

func TestParseEventUnknownIsRaw(t *testing.T) {
	tests := []struct{ name, xml string }{
		{"unknown change type", string(fixture(t, "change_external_contact__future_change.xml"))},
		{"unknown event", `<xml><ToUserName>c</ToUserName><MsgType>event</MsgType><Event>change_contact</Event><ChangeType>create_user</ChangeType></xml>`},
		{"text message", s1XMLMsg},
		{"no event at all", `<xml/>`},
		{"known kind, bad field", `<xml><Event>change_external_chat</Event><ChangeType>update</ChangeType><JoinScene>one</JoinScene></xml>`},
		{"known kind, huge field", `<xml><Event>change_external_chat</Event><ChangeType>update</ChangeType><MemChangeCnt>99999999999999999999</MemChangeCnt></xml>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := callback.ParseEvent([]byte(tt.xml))
			require.NoError(t, err)
			assert.Nil(t, raw.Typed)
			assert.Equal(t, tt.xml, string(raw.XML))
		})
	}
	raw, err := callback.ParseEvent(fixture(t, "change_external_contact__future_change.xml"))
	require.NoError(t, err)
	assert.Equal(t, callback.ChangeType("some_future_change"), raw.ChangeType)
	assert.Equal(t, callback.EventChangeExternalContact, raw.Event)
	assert.Equal(t, int64(1718000016), raw.CreateTime)
}

func TestParseEventRejectsMalformed(t *testing.T) {
	tests := []struct{ name, xml string }{
		{"empty", ``},
		{"not xml", `hello`},
		{"unclosed", `<xml><Event>change_external_contact</Event>`},
		{"mismatched", `<xml><SECRETa>x</SECRETb></xml>`},
		{"wrong root", `<root><Event>x</Event></root>`},
		{"two roots", `<xml></xml><xml></xml>`},
		{"doctype", `<!DOCTYPE xml><xml/>`},
		{"internal entity", `<!DOCTYPE xml [<!ENTITY a "b">]><xml><UserID>&a;</UserID></xml>`},
		{"undeclared entity", `<xml><UserID>&SECRET;</UserID></xml>`},
		{"bad attribute", `<xml><UserID SECRET>x</UserID></xml>`},
		{"too deep", `<xml><a><b><c><d><e><f><g><h><i>x</i></h></g></f></e></d></c></b></a></xml>`},
		{"non-utf8 charset", `<?xml version="1.0" encoding="gbk"?><xml/>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = callback.ParseEvent([]byte(tt.xml)) })
			require.ErrorIs(t, err, callback.ErrMalformedEvent)
			assert.NotContains(t, err.Error(), "SECRET", "errors never quote decrypted content")
		})
	}
}

// A malformed header number must not cost the event: an error would make
// WeCom retry a delivery that can never succeed.
func TestParseEventBadHeaderNumberDeliveredRaw(t *testing.T) {
	for _, x := range []string{
		`<xml><CreateTime>yesterday</CreateTime><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><UserID>zhangsan</UserID></xml>`,
		`<xml><TimeStamp>1e9</TimeStamp><InfoType>change_external_contact</InfoType><ChangeType>add_external_contact</ChangeType><UserID>zhangsan</UserID></xml>`,
	} {
		raw, err := callback.ParseEvent([]byte(x))
		require.NoError(t, err)
		assert.Nil(t, raw.Typed, "not typed: a field is malformed")
		assert.Equal(t, callback.EventType("change_external_contact"), raw.Header.Type())
		assert.Zero(t, raw.Header.CreateTime)
		assert.Zero(t, raw.Header.TimeStamp)
		assert.Equal(t, x, string(raw.XML))
	}
}

func TestParseEventTolerates(t *testing.T) {
	raw, err := callback.ParseEvent([]byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<xml><CreateTime> 42 </CreateTime><Event>change_external_chat</Event><ChangeType>create</ChangeType><ChatId>a &amp; b</ChatId><ChatId>second</ChatId></xml>\n"))
	require.NoError(t, err)
	assert.Equal(t, int64(42), raw.CreateTime)
	assert.Equal(t, "a & b", raw.Typed.(*callback.ExternalChatCreateEvent).ChatID, "first of duplicates, entities expanded")
}

func TestEnumStrings(t *testing.T) {
	assert.Equal(t, "change_external_contact", callback.EventChangeExternalContact.String())
	assert.Equal(t, "add_external_contact", callback.ChangeAddExternalContact.String())
	assert.Equal(t, "add_member", callback.UpdateAddMember.String())
	assert.Equal(t, "tag_group", callback.TagTypeTagGroup.String())
	assert.Equal(t, "customer_refused", callback.FailCustomerRefused.String())
	assert.Equal(t, "DELETE_BY_TRANSFER", callback.DeleteByTransfer.String())
	assert.Equal(t, "invite", callback.JoinByInvite.String())
	assert.Equal(t, "link", callback.JoinByLink.String())
	assert.Equal(t, "qrcode", callback.JoinByQRCode.String())
	assert.Equal(t, "JoinScene(7)", callback.JoinScene(7).String())
	assert.Equal(t, "self", callback.QuitBySelf.String())
	assert.Equal(t, "removed", callback.QuitByRemove.String())
	assert.Equal(t, "QuitScene(9)", callback.QuitScene(9).String())
}
