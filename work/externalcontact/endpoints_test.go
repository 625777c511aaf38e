package externalcontact

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/core"
)

// TestEndpointClasses pins every endpoint's retry class and token: a read
// may be re-sent after it may have reached WeCom, a write never is.
func TestEndpointClasses(t *testing.T) {
	const get, post = http.MethodGet, http.MethodPost
	const read, write = true, false
	tests := []struct {
		ep         core.Endpoint
		method     string
		path       string
		idempotent bool
		auth       core.AuthKind
	}{
		{epGet, get, "externalcontact/get", read, core.AuthAccessToken},
		{epBatchGetByUser, post, "externalcontact/batch/get_by_user", read, core.AuthAccessToken},
		{epGetFollowUsers, get, "externalcontact/get_follow_user_list", read, core.AuthAccessToken},
		{epCustomerList, get, "externalcontact/list", read, core.AuthAccessToken},
		{epRemark, post, "externalcontact/remark", write, core.AuthAccessToken},
		{epCRMGetExternalContact, get, "crm/get_external_contact", read, core.AuthAccessToken},
		{epContactList, post, "externalcontact/contact_list", read, core.AuthAccessToken},

		{epGetCorpTagList, post, "externalcontact/get_corp_tag_list", read, core.AuthAccessToken},
		{epAddCorpTag, post, "externalcontact/add_corp_tag", write, core.AuthAccessToken},
		{epEditCorpTag, post, "externalcontact/edit_corp_tag", write, core.AuthAccessToken},
		{epDelCorpTag, post, "externalcontact/del_corp_tag", write, core.AuthAccessToken},
		{epMarkTag, post, "externalcontact/mark_tag", write, core.AuthAccessToken},
		{epGetStrategyTagList, post, "externalcontact/get_strategy_tag_list", read, core.AuthAccessToken},
		{epAddStrategyTag, post, "externalcontact/add_strategy_tag", write, core.AuthAccessToken},
		{epEditStrategyTag, post, "externalcontact/edit_strategy_tag", write, core.AuthAccessToken},
		{epDelStrategyTag, post, "externalcontact/del_strategy_tag", write, core.AuthAccessToken},

		{epGetUnassigned, post, "externalcontact/get_unassigned_list", read, core.AuthAccessToken},
		{epTransferCustomer, post, "externalcontact/transfer_customer", write, core.AuthAccessToken},
		{epTransferResult, post, "externalcontact/transfer_result", read, core.AuthAccessToken},
		{epResignedTransferCustomer, post, "externalcontact/resigned/transfer_customer", write, core.AuthAccessToken},
		{epResignedTransferResult, post, "externalcontact/resigned/transfer_result", read, core.AuthAccessToken},
		{epTransfer, post, "externalcontact/transfer", write, core.AuthAccessToken},
		{epGetTransferResult, post, "externalcontact/get_transfer_result", read, core.AuthAccessToken},

		{epGetGroupChats, post, "externalcontact/groupchat/list", read, core.AuthAccessToken},
		{epGetGroupChat, post, "externalcontact/groupchat/get", read, core.AuthAccessToken},
		{epTransferGroupChat, post, "externalcontact/groupchat/transfer", write, core.AuthAccessToken},
		{epOnJobTransferGroupChat, post, "externalcontact/groupchat/onjob_transfer", write, core.AuthAccessToken},

		{epConvertToOpenID, post, "externalcontact/convert_to_openid", read, core.AuthAccessToken},
		{epUnionIDToExternalUserID, post, "externalcontact/unionid_to_external_userid", read, core.AuthAccessToken},
		{epToServiceExternalUserID, post, "externalcontact/to_service_external_userid", read, core.AuthAccessToken},
		{epFromServiceExternalUserID, post, "externalcontact/from_service_external_userid", read, core.AuthAccessToken},
		{epGetNewExternalUserID, post, "externalcontact/get_new_external_userid", read, core.AuthAccessToken},
		{epGroupChatNewExternalUserID, post, "externalcontact/groupchat/get_new_external_userid", read, core.AuthAccessToken},
		{epOpenGIDToChatID, post, "externalcontact/opengid_to_chatid", read, core.AuthAccessToken},
		{epBatchToExternalUserID, post, "externalcontact/batch_to_external_userid", read, core.AuthAccessToken},
		{epFinishExternalUserIDMigrate, post, "service/externalcontact/finish_external_userid_migration", write, core.AuthProviderToken},
		{epUnionIDToExternalUserID3rd, post, "service/externalcontact/unionid_to_external_userid_3rd", read, core.AuthSuiteToken},
		{epUnionIDToExternalUserID3rdLegacy, post, "externalcontact/unionid_to_external_userid_3rd", read, core.AuthAccessToken},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			assert.Equal(t, tt.path, tt.ep.Path)
			assert.Equal(t, tt.method, tt.ep.Method)
			assert.Equal(t, tt.idempotent, tt.ep.Idempotent())
			assert.Equal(t, tt.auth, tt.ep.Auth)
		})
	}
}
