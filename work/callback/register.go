package callback

import (
	"context"
	"fmt"
)

// on registers fn for kind k, or removes the registration when fn is nil.
func on[E Event](h *Handler, k kind, fn func(context.Context, E) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if fn == nil {
		delete(h.typed, k)
		return
	}
	h.typed[k] = func(ctx context.Context, ev Event) error {
		e, ok := ev.(E)
		if !ok { // unreachable: decodeTyped builds E for k
			return fmt.Errorf("callback: internal error: unexpected %T for %s/%s", ev, k.typ, k.change)
		}
		return fn(ctx, e)
	}
}

// OnAddExternalContact registers fn for change_external_contact /
// add_external_contact (添加企业客户事件), which carries the WelcomeCode for
// send_welcome_msg and the State of the 「联系我」 channel.
func (h *Handler) OnAddExternalContact(fn func(ctx context.Context, e *AddExternalContactEvent) error) {
	on(h, kind{EventChangeExternalContact, ChangeAddExternalContact}, fn)
}

// OnEditExternalContact registers fn for change_external_contact /
// edit_external_contact (编辑企业客户事件).
func (h *Handler) OnEditExternalContact(fn func(ctx context.Context, e *EditExternalContactEvent) error) {
	on(h, kind{EventChangeExternalContact, ChangeEditExternalContact}, fn)
}

// OnAddHalfExternalContact registers fn for change_external_contact /
// add_half_external_contact (外部联系人免验证添加成员事件).
func (h *Handler) OnAddHalfExternalContact(fn func(ctx context.Context, e *AddHalfExternalContactEvent) error) {
	on(h, kind{EventChangeExternalContact, ChangeAddHalfExternalContact}, fn)
}

// OnDelExternalContact registers fn for change_external_contact /
// del_external_contact (删除企业客户事件).
func (h *Handler) OnDelExternalContact(fn func(ctx context.Context, e *DelExternalContactEvent) error) {
	on(h, kind{EventChangeExternalContact, ChangeDelExternalContact}, fn)
}

// OnDelFollowUser registers fn for change_external_contact /
// del_follow_user (删除跟进成员事件).
func (h *Handler) OnDelFollowUser(fn func(ctx context.Context, e *DelFollowUserEvent) error) {
	on(h, kind{EventChangeExternalContact, ChangeDelFollowUser}, fn)
}

// OnTransferFail registers fn for change_external_contact / transfer_fail
// (客户接替失败事件).
func (h *Handler) OnTransferFail(fn func(ctx context.Context, e *TransferFailEvent) error) {
	on(h, kind{EventChangeExternalContact, ChangeTransferFail}, fn)
}

// OnMsgAuditApproved registers fn for change_external_contact /
// msg_audit_approved (客户同意进行聊天内容存档事件).
func (h *Handler) OnMsgAuditApproved(fn func(ctx context.Context, e *MsgAuditApprovedEvent) error) {
	on(h, kind{EventChangeExternalContact, ChangeMsgAuditApproved}, fn)
}

// OnExternalChatCreate registers fn for change_external_chat / create
// (客户群创建事件).
func (h *Handler) OnExternalChatCreate(fn func(ctx context.Context, e *ExternalChatCreateEvent) error) {
	on(h, kind{EventChangeExternalChat, ChangeCreate}, fn)
}

// OnExternalChatUpdate registers fn for change_external_chat / update
// (客户群变更事件).
func (h *Handler) OnExternalChatUpdate(fn func(ctx context.Context, e *ExternalChatUpdateEvent) error) {
	on(h, kind{EventChangeExternalChat, ChangeUpdate}, fn)
}

// OnExternalChatDismiss registers fn for change_external_chat / dismiss
// (客户群解散事件).
func (h *Handler) OnExternalChatDismiss(fn func(ctx context.Context, e *ExternalChatDismissEvent) error) {
	on(h, kind{EventChangeExternalChat, ChangeDismiss}, fn)
}

// OnExternalTagCreate registers fn for change_external_tag / create
// (企业客户标签创建事件).
func (h *Handler) OnExternalTagCreate(fn func(ctx context.Context, e *ExternalTagCreateEvent) error) {
	on(h, kind{EventChangeExternalTag, ChangeCreate}, fn)
}

// OnExternalTagUpdate registers fn for change_external_tag / update
// (企业客户标签变更事件).
func (h *Handler) OnExternalTagUpdate(fn func(ctx context.Context, e *ExternalTagUpdateEvent) error) {
	on(h, kind{EventChangeExternalTag, ChangeUpdate}, fn)
}

// OnExternalTagDelete registers fn for change_external_tag / delete
// (企业客户标签删除事件).
func (h *Handler) OnExternalTagDelete(fn func(ctx context.Context, e *ExternalTagDeleteEvent) error) {
	on(h, kind{EventChangeExternalTag, ChangeDelete}, fn)
}

// OnExternalTagShuffle registers fn for change_external_tag / shuffle
// (企业客户标签重排事件).
func (h *Handler) OnExternalTagShuffle(fn func(ctx context.Context, e *ExternalTagShuffleEvent) error) {
	on(h, kind{EventChangeExternalTag, ChangeShuffle}, fn)
}

// OnEvent registers the catch-all fn, called for every delivery that has no
// typed function registered: unknown event or change types (with Typed nil),
// known kinds that failed to decode, and known kinds nobody registered for
// (with Typed set). Unknown events are never an error and never a 500.
// nil removes it.
func (h *Handler) OnEvent(fn func(ctx context.Context, e *RawEvent) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.catchAll = fn
}
