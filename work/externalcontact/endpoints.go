package externalcontact

import "github.com/wecomkit/wecom/work/core"

// Endpoints returns every endpoint the package calls, sorted by path: its
// method, path, retry class and token, for tests and tools that
// cross-check the SDK (against the simulator's routes, a catalogue).
func Endpoints() []core.Endpoint {
	var set core.EndpointSet
	for _, e := range []core.Endpoint{
		epGet, epBatchGetByUser, epGetFollowUsers, epCustomerList, epRemark, epCRMGetExternalContact, epContactList,
		epGetCorpTagList, epAddCorpTag, epEditCorpTag, epDelCorpTag, epMarkTag,
		epGetStrategyTagList, epAddStrategyTag, epEditStrategyTag, epDelStrategyTag,
		epGetUnassigned, epTransferCustomer, epTransferResult, epResignedTransferCustomer, epResignedTransferResult,
		epTransfer, epGetTransferResult,
		epGetGroupChats, epGetGroupChat, epTransferGroupChat, epOnJobTransferGroupChat,
		epConvertToOpenID, epUnionIDToExternalUserID, epToServiceExternalUserID, epFromServiceExternalUserID,
		epGetNewExternalUserID, epGroupChatNewExternalUserID, epOpenGIDToChatID, epBatchToExternalUserID,
		epFinishExternalUserIDMigrate, epUnionIDToExternalUserID3rd, epUnionIDToExternalUserID3rdLegacy,
	} {
		set.Add(e, e.Meta)
	}
	return set.All()
}
