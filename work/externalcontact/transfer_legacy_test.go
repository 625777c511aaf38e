package externalcontact

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransferDeprecated(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/transfer", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"external_userid":"wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA","handover_userid":"zhangsan","takeover_userid":"lisi","transfer_success_msg":"您好，后续由李四为您服务"}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
	})
	err := c.Transfer(bg, &TransferRequest{
		ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA", HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
		TransferSuccessMsg: "您好，后续由李四为您服务",
	})
	require.NoError(t, err)

	// Without a message, the key is left out (as WxJava sends it).
	c, w = setup(t)
	w.handle(t, "externalcontact/transfer", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"external_userid":"wm1","handover_userid":"a","takeover_userid":"b"}`)
		replyError(40100, "transfer already in progress")(rw, r)
	})
	err = c.Transfer(bg, &TransferRequest{ExternalUserID: "wm1", HandoverUserID: "a", TakeoverUserID: "b"})
	assertAPIError(t, err, 40100, "externalcontact/transfer")
	assert.ErrorIs(t, err, ErrCustomerInTransferFlow)

	for _, tt := range []struct {
		name  string
		req   *TransferRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no customer", &TransferRequest{HandoverUserID: "a", TakeoverUserID: "b"}, "external_userid"},
		{"no handover", &TransferRequest{ExternalUserID: "wm1", TakeoverUserID: "b"}, "handover_userid"},
		{"no takeover", &TransferRequest{ExternalUserID: "wm1", HandoverUserID: "a"}, "takeover_userid"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			assertArgError(t, w, c.Transfer(bg, tt.req), tt.field)
		})
	}
}

func TestGetTransferResultDeprecated(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_transfer_result", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"external_userid":"wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA","handover_userid":"zhangsan","takeover_userid":"lisi"}`)
		reply(t, "get_transfer_result")(rw, r)
	})
	got, err := c.GetTransferResult(bg, &GetTransferResultRequest{
		ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA", HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
	})
	require.NoError(t, err)
	assert.Equal(t, &GetTransferResultResponse{Status: TransferWaiting, TakeoverTime: 1588482400}, got)

	c, w = setup(t)
	w.handle(t, "externalcontact/get_transfer_result", http.MethodPost, replyError(40096, "invalid external userid"))
	_, err = c.GetTransferResult(bg, &GetTransferResultRequest{ExternalUserID: "x", HandoverUserID: "a", TakeoverUserID: "b"})
	assertAPIError(t, err, 40096, "externalcontact/get_transfer_result")

	for _, tt := range []struct {
		name  string
		req   *GetTransferResultRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no customer", &GetTransferResultRequest{HandoverUserID: "a", TakeoverUserID: "b"}, "external_userid"},
		{"no handover", &GetTransferResultRequest{ExternalUserID: "wm1", TakeoverUserID: "b"}, "handover_userid"},
		{"no takeover", &GetTransferResultRequest{ExternalUserID: "wm1", HandoverUserID: "a"}, "takeover_userid"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.GetTransferResult(bg, tt.req)
			assertArgError(t, w, err, tt.field)
		})
	}
}
