// Package media uploads the files WeCom messages carry (素材管理): temporary
// media (media/upload: images, voice, videos and files, valid 3 days),
// permanent image URLs (media/uploadimg) and the attachments of moments and
// product albums (media/upload_attachment).
//
// It serves every WeCom module, not only 客户联系: the media_id of an
// upload goes into a mass message, a welcome message, a group welcome
// template, an app message, a moment or a product album. Get a Client from
// work.App.Media.
//
// # Limits checked before sending
//
// A file is read once, into memory, and checked before anything is sent:
// every file must be larger than 5 bytes, and each media type has its size
// and format rules (WeCom's 上传的媒体文件限制):
//
//	type   size     format
//	image  10 MB    JPG or PNG (name and content)
//	voice   2 MB    AMR, at most 60 s
//	video  10 MB    MP4 (name)
//	file   20 MB    any
//
// An image's format is checked by its name and its content, a video's by
// its name. media/uploadimg takes JPG or PNG images of at most 2 MB, whose
// URL (for a pic_url: the image of a mass or welcome message, a link's
// picurl, an app message's image) never expires. media/upload_attachment
// takes, for a moment (客户朋友圈), JPG or PNG images and MP4 videos of at
// most 10 MB, a video playing at most 30 s (checked when the file says how
// long it is), and for a product album (商品图册) images. A file outside the rules
// is a *core.ArgError naming the wire field ("media", "type",
// "media_type", "attachment_type"), and nothing is sent, not even a
// gettoken.
//
// # Retries and expiry
//
// The multipart body is built once: every retry sends the same bytes. An
// upload is a write (a repeated one would leave a second media_id), so it
// is re-sent only when it provably never reached WeCom; after an error that
// matches core.ErrUnknownOutcome, upload the file again if you still need
// it (an unused duplicate simply expires).
//
// A media_id of media/upload or media/upload_attachment is valid for 3 days
// (TempMediaTTL) from its created_at: Uploaded.ExpiresAt says until when.
// A message that names an unknown or expired media_id fails with errcode
// 40007 (ErrInvalidMediaID). A URL from media/uploadimg does not expire.
//
// # Examples
//
//   - ExampleClient_Upload: upload an image for a welcome or mass message;
//     its media_id expires after 3 days.
//   - ExampleClient_UploadAttachment: the image of a product album (商品图册).
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/media -run '^ExampleClient_Upload$' -v
package media
