package worktest

import (
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// The back door of 客户朋友圈 (see moment.go): what members and customers do
// in their apps.

// Moments is the back door of the 客户朋友圈 group: members publish corp
// moments, customers and members comment and like, members post personal
// moments. Get it from Server.Moments.
type Moments struct{ backDoor }

// Moments returns the back door of the 客户朋友圈 group.
func (s *Server) Moments() Moments { return Moments{backDoor{s}} }

// Publish has member userID publish their copy of a corp moment now (the
// member taps 发表 in the app): publish_status 1, and the chosen customers
// still related to the member can see it. Publishing again changes
// nothing. It fails for an unknown moment, a member who is not one of its
// senders, and a moment stopped by cancel_moment_task.
func (b Moments) Publish(momentID, userID string) error {
	return b.write(func(st *store, now time.Time) error {
		m := st.moments().get(momentID)
		if m == nil {
			return fmt.Errorf("worktest: Moments().Publish: no moment %q", momentID)
		}
		sd := m.sender(userID)
		switch {
		case sd == nil:
			return fmt.Errorf("worktest: Moments().Publish: %q is not a sender of moment %s", userID, momentID)
		case sd.PublishStatus == 1:
			return nil
		case m.Canceled:
			return fmt.Errorf("worktest: Moments().Publish: moment %s was stopped (cancel_moment_task)", momentID)
		}
		sd.PublishStatus, sd.PublishTime = 1, now.Unix()
		sd.Visible = []string{}
		for _, id := range sd.Customers {
			if st.relation(userID, id) != nil {
				sd.Visible = append(sd.Visible, id)
			}
		}
		return nil
	})
}

// Comment adds a comment on member userID's published copy of a moment, by
// a customer who can see it (by.ExternalUserID) or by a member
// (by.UserID): exactly one of them. CreateTime is the clock's now.
func (b Moments) Comment(momentID, userID string, by MomentInteraction) error {
	return b.interact("Comment", momentID, userID, by, false)
}

// Like adds a like, as Comment adds a comment.
func (b Moments) Like(momentID, userID string, by MomentInteraction) error {
	return b.interact("Like", momentID, userID, by, true)
}

func (b Moments) interact(op, momentID, userID string, by MomentInteraction, like bool) error {
	return b.write(func(st *store, now time.Time) error {
		m := st.moments().get(momentID)
		if m == nil {
			return fmt.Errorf("worktest: Moments().%s: no moment %q", op, momentID)
		}
		sd := m.sender(userID)
		switch {
		case sd == nil || sd.PublishStatus != 1:
			return fmt.Errorf("worktest: Moments().%s: %q has not published moment %s", op, userID, momentID)
		case (by.ExternalUserID == "") == (by.UserID == ""):
			return fmt.Errorf("worktest: Moments().%s: give ExternalUserID or UserID, not both or neither", op)
		case by.ExternalUserID != "" && !slices.Contains(sd.Visible, by.ExternalUserID):
			return fmt.Errorf("worktest: Moments().%s: customer %q cannot see %s's copy", op, by.ExternalUserID, userID)
		case by.UserID != "" && st.activeMember(by.UserID) == nil:
			return fmt.Errorf("worktest: Moments().%s: no active member %q", op, by.UserID)
		}
		by.CreateTime = now.Unix()
		if like {
			sd.Likes = append(sd.Likes, by)
		} else {
			sd.Comments = append(sd.Comments, by)
		}
		return nil
	})
}

// PersonalMoment is a member's own moment for Moments().AddPersonal.
type PersonalMoment struct {
	// UserID is the member: active, with 客户联系.
	UserID string
	// Text is the text, at most 2000 characters.
	Text string
	// Images are media ids.
	Images []string
	// Location is optional.
	Location *MomentLocation
}

// AddPersonal posts a member's personal moment (个人发表) now: public,
// published, visible to all the member's customers. It returns the
// moment_id.
func (b Moments) AddPersonal(p PersonalMoment) (momentID string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		if m := st.activeMember(p.UserID); m == nil || !m.ExternalContact {
			return fmt.Errorf("no active member %q with 客户联系", p.UserID)
		}
		if !utf8.ValidString(p.Text) || utf8.RuneCountInString(p.Text) > momentMaxText || (p.Text == "" && len(p.Images) == 0) {
			return fmt.Errorf("a moment has 1 to %d characters of text or some images", momentMaxText)
		}
		m := &Moment{Creator: p.UserID, CreateTime: now.Unix(), CreateType: MomentByMember, VisibleType: MomentPublic, Location: p.Location}
		if p.Text != "" {
			m.Text = &MomentText{Content: p.Text}
		}
		for _, id := range p.Images {
			m.Image = append(m.Image, MomentMedia{MediaID: id})
		}
		sd := MomentSender{UserID: p.UserID, PublishStatus: 1, PublishTime: now.Unix(), Customers: []string{}}
		for _, rel := range st.relations {
			if rel.UserID == p.UserID {
				sd.Customers = append(sd.Customers, rel.ExternalUserID)
			}
		}
		sd.Visible = slices.Clone(sd.Customers)
		m.Senders = []MomentSender{sd}
		created, err := st.moments().create(st, m, "")
		if err != nil {
			return err
		}
		momentID = created.MomentID
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("worktest: Moments().AddPersonal: %w", err)
	}
	return momentID, nil
}
