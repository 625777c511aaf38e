package worktest

// groupChatRoutes lists the simulated endpoints of this group.
func (s *Server) groupChatRoutes() []route {
	return []route{}
}
