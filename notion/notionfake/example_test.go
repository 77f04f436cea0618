package notionfake_test

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// A test starts the fake, gives the code under test a token and a parent page, plays a
// person editing in Notion, and injects a fault.
func Example() {
	fake := notionfake.New(notionfake.Options{Seed: 1, RateLimit: &notionfake.RateLimit{PerSecond: 3, Burst: 10}})
	token, _ := fake.AddIntegration("kaigi")
	ada := fake.AddPerson("Ada", "ada@example.com")
	parent := fake.CreateSharedPage("", "Kaigi", ada)
	fake.InjectFault(notionfake.Fault{Method: "POST", PathPrefix: "/v1/pages", Count: 1, Kind: notionfake.FaultStatus, Status: 503})

	srv := fake.Start(noopTB{}) // in a test: fake.Start(t)
	defer srv.Close()
	body := `{"parent":{"page_id":"` + parent + `"},"properties":{"title":[{"text":{"content":"Minutes"}}]}}`
	for range 2 {
		req, _ := http.NewRequest("POST", srv.URL+"/v1/pages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Notion-Version", "2022-06-28")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
	}
	fake.Advance(time.Minute)
	fmt.Println(fake.CountRequests("POST", "/v1/pages"), len(fake.Blocks(parent)))
	// Output:
	// 503 Service Unavailable
	// 200 OK
	// 2 1
}

type noopTB struct{}

func (noopTB) Helper()        {}
func (noopTB) Cleanup(func()) {}
