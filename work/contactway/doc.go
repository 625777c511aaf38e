// Package contactway covers the two channels of 客户联系 through which
// customers arrive: 「联系我」 (contact ways: a QR code or a mini-program
// button that adds a member, optionally a temporary session) with Client,
// and 「加入群聊」 (join ways: a QR code or a mini-program plugin that joins a
// customer group chat) with GroupChatWayClient. Get them from work.App's
// ContactWay and GroupChatWay methods.
//
// # Channels and state
//
// Both kinds of way carry a state (at most 30 characters): the channel
// parameter a campaign uses to tell its customers apart. A customer who
// adds a member through a contact way has it on the relation
// (follow_user.state of externalcontact.Get) and in the
// add_external_contact callback event; a customer who joins a chat through
// a join way has it on the chat's member (groupchat/get's
// member_list[].state).
//
// # Updates overwrite
//
// update_contact_way and update_join_way replace what they are sent and
// keep what they are not. So in UpdateRequest and UpdateJoinWayRequest a
// zero value means "leave as is", never "clear": clearing is said by
// listing the field in Clear (FieldRemark, FieldUser …). A field both given
// a value and listed in Clear is refused.
//
// # Listing
//
// list_contact_way pages (cursor, limit ≤ 1000) through the ways created
// inside a window, by default the last 90 days, and never lists temporary
// ways nor ways created before 2021-07-10 (ListableSince): keep the
// config_id of such ways and Get them. Join ways cannot be listed at all.
//
// # Retries
//
// Creating either kind of way is not idempotent and counts against one
// quota of 500,000 (Quota); the client never re-sends a create once it
// may have reached WeCom (core.ErrUnknownOutcome). After such an error,
// look a contact way up (List, then Get by config_id, comparing the state)
// before creating it again; a join way cannot be listed, so one may exist
// that only WeCom's admin console shows. Updating, deleting and closing a temporary chat are
// safe for the caller to repeat (a way deleted twice is gone either way; a
// second close answers an errcode and changes nothing), but the client
// does not repeat them by itself either. Get and List are reads and are
// retried.
//
// # Examples
//
//   - Example_campaignChannel: a 「联系我」 QR code whose state names a
//     campaign, from the scan to the relation and List.
//   - ExampleClient_Update: updates overwrite; Clear empties a field.
//   - ExampleClient_Create_validation: bad arguments are refused before
//     anything is sent.
//   - ExampleClient_CloseTempChat: a temporary session (临时会话), closed early.
//   - ExampleGroupChatWayClient_Create: a 「加入群聊」 QR code in front of a
//     group chat.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/contactway -run '^Example_campaignChannel$' -v
package contactway
