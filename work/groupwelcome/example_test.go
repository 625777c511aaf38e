package groupwelcome_test

import (
	"context"
	"fmt"
	"log"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/groupwelcome"
	"github.com/wecomkit/wecom/work/worktest"
)

// Add a group welcome template with a link, read it back, and replace its
// link with a mini program.
func ExampleClient_Add() {
	sim := worktest.NewServer(worktest.WithSeed(31))
	defer sim.Close()
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	gw := app.GroupWelcomeTemplate()

	added, err := gw.Add(ctx, &groupwelcome.AddRequest{Template: groupwelcome.Template{
		Text: &content.Text{Content: "欢迎 %NICKNAME% 加入会员群"},
		Link: &content.Link{Title: "入群须知", URL: "https://example.com/rules"},
	}, SkipNotify: true})
	if err != nil {
		log.Fatal(err)
	}
	tpl, err := gw.Get(ctx, added.TemplateID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tpl.Text.Content, "|", tpl.Link.Title)

	cover, err := sim.Media().Add("image", "cover.jpg") // as though uploaded with app.Media().Upload
	if err != nil {
		log.Fatal(err)
	}
	err = gw.Edit(ctx, &groupwelcome.EditRequest{TemplateID: added.TemplateID, Template: groupwelcome.Template{
		MiniProgram: &content.MiniProgram{Title: "会员中心", PicMediaID: cover, AppID: "wx8bd80126147dfAAA", Page: "/pages/member"},
	}})
	if err != nil {
		log.Fatal(err)
	}
	tpl, err = gw.Get(ctx, added.TemplateID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tpl.Text.Content, "|", tpl.MiniProgram.Title, tpl.Link == nil)

	// A template takes one part besides the text.
	_, err = gw.Add(ctx, &groupwelcome.AddRequest{Template: groupwelcome.Template{
		Link:  &content.Link{Title: "a", URL: "https://example.com"},
		Video: &content.Video{MediaID: cover},
	}})
	fmt.Println(err)
	// Output:
	// 欢迎 %NICKNAME% 加入会员群 | 入群须知
	// 欢迎 %NICKNAME% 加入会员群 | 会员中心 true
	// wecom: externalcontact/group_welcome_template/add: invalid video: is set beside link: a template takes one of image, link, miniprogram, file and video
}
