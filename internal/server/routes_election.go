package server

// electionRoutes lists the routes of elections, persons, rounds, committee, minutes and printable ballots.
func (s *Server) electionRoutes(g routeGroups) {
	// The roll of candidates (danh sách trích ngang).
	g.user.GET("/congresses/:id/persons", s.showPersonsPage)
	g.writer.POST("/congresses/:id/persons", s.createPerson)
	g.writer.GET("/persons/:id/edit", s.showPersonEditPage)
	g.writer.POST("/persons/:id", s.updatePerson)

	// Elections, in rule 8's order on the congress page.
	g.writer.GET("/congresses/:id/elections/new", s.showElectionCreatePage)
	g.writer.POST("/congresses/:id/elections", s.createElection)
	g.user.GET("/elections/:id", s.showElectionPage)
	g.writer.GET("/elections/:id/edit", s.showElectionEditPage)
	g.writer.POST("/elections/:id", s.updateElection)
	g.writer.POST("/elections/:id/rounds", s.createRound)
	g.writer.POST("/elections/:id/end", s.endElection)
	g.writer.POST("/elections/:id/appoint", s.appointToElection)

	// Rounds: setup, totals, the count as it stands, closing and reopening. The counting room of
	// a ballot-by-ballot round (/rounds/:id/count) is in routes_counting.go.
	g.user.GET("/rounds/:id", s.showRoundPage)
	g.writer.POST("/rounds/:id/setup", s.updateRoundSetup)
	g.writer.POST("/rounds/:id/tally", s.saveTally)
	g.writer.POST("/rounds/:id/close", s.closeRound)
	g.writer.POST("/rounds/:id/reopen", s.reopenRound)

	// Counting minutes (print view and Excel) and printable ballots.
	g.user.GET("/congresses/:id/rounds/:rid/minutes", s.showMinutesPage)
	g.user.GET("/congresses/:id/rounds/:rid/minutes.xlsx", s.downloadMinutes)
	g.user.GET("/congresses/:id/rounds/:rid/ballots/print", s.showBallotsPrint)

	// JSON API: the same store calls.
	g.apiUser.GET("/congresses/:id/persons", s.apiListPersons)
	g.apiWriter.POST("/congresses/:id/persons", s.apiCreatePerson)
	g.apiUser.GET("/persons/:id", s.apiShowPerson)
	g.apiWriter.PUT("/persons/:id", s.apiUpdatePerson)

	g.apiUser.GET("/congresses/:id/elections", s.apiListElections)
	g.apiWriter.POST("/congresses/:id/elections", s.apiCreateElection)
	g.apiUser.GET("/elections/:id", s.apiShow(s.answerElection))
	g.apiWriter.PUT("/elections/:id", s.apiUpdateElection)
	g.apiWriter.POST("/elections/:id/end", s.apiEndElection)
	g.apiWriter.POST("/elections/:id/appoint", s.apiAppointToElection)

	g.apiUser.GET("/elections/:id/rounds", s.apiListRounds)
	g.apiWriter.POST("/elections/:id/rounds", s.apiCreateRound)
	g.apiUser.GET("/rounds/:id", s.apiShow(s.answerRound))
	g.apiWriter.PUT("/rounds/:id", s.apiUpdateRound)
	g.apiWriter.PUT("/rounds/:id/tally", s.apiSetTally)
	g.apiWriter.POST("/rounds/:id/close", s.apiCloseRound)
	g.apiWriter.POST("/rounds/:id/reopen", s.apiReopenRound)
	// Stable: the round as a count-contract request with its result, so anyone can recompute it.
	g.apiUser.GET("/rounds/:id/result", s.apiRoundResult)

	g.apiUser.GET("/congresses/:id/committee", s.apiShowCommittee)
	g.apiUser.GET("/congresses/:id/delegates", s.apiShowDelegates)
}
