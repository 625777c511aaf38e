// Package content holds the message content types that several 客户联系
// calls carry: text, and image, link, mini-program, video and file
// attachments. Mass messages (add_msg_template), welcome messages
// (send_welcome_msg), group welcome templates, 「联系我」 conclusions,
// moments and product albums all use them, each with its own limits: a
// service validates them with the Limits of its endpoint, never once for
// all.
//
// # Examples
//
//   - ExampleValidateAttachments: a mass message's attachments, checked with
//     add_msg_template's limits before anything is sent.
//
// go test runs it and checks its output; run it from the repository's
// root with:
//
//	go test ./work/content -run '^ExampleValidateAttachments$' -v
package content
