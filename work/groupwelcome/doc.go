// Package groupwelcome manages 客户联系's group welcome templates (入群欢迎语
// 素材): the messages a customer group greets a new member with, kept in a
// library of at most 100 templates per corp that members pick from (or
// that a 「加入群聊」 way names).
//
// Get a Client from work.App.GroupWelcomeTemplate. It is its own package,
// beside package message, because it is its own client in EasyWeChat
// (group_welcome_template, and external_contact_message_template) and in
// PowerWeChat, and a resource (add, edit, get, delete) rather than a send:
// nothing here reaches a customer when it is called, so nothing here has
// the never-twice rules of mass messages.
//
// # Content
//
// A template is a text and at most one of an image, a link, a mini
// program, a file or a video, at the top level of the request (not in an
// attachments list as in mass messages). WeCom keeps only one of them when
// several are set (image before link before mini program …); the SDK
// refuses a template with more than one instead of letting one vanish. The
// text may hold %NICKNAME%, which WeCom replaces with the new member's
// name. Only the app that created a template can edit or delete it.
//
// # Examples
//
//   - ExampleClient_Add: add a template with a link, read it back, replace the
//     link with a mini program.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/groupwelcome -run '^ExampleClient_Add$' -v
package groupwelcome
