-- wrk script of bench/inbox.sh: POSTs the pre-signed requests of INBOX_REQUESTS (lines of
-- `ensemble bench inbox-requests`: date, digest, signature, body) to /inbox. Each of the
-- INBOX_THREADS threads takes every INBOX_THREADS-th line, so no two threads send the same
-- activity; a thread that has sent all of its lines starts over (duplicates, counted apart).
local path = os.getenv("INBOX_REQUESTS")
local threads = tonumber(os.getenv("INBOX_THREADS"))
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
end

local requests, n, i = {}, 0, 0

function init(args)
    local k = 0
    for line in io.lines(path) do
        if k % threads == id then
            local date, digest, signature, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
            n = n + 1
            requests[n] = wrk.format("POST", "/inbox", {
                ["Content-Type"] = "application/activity+json",
                ["Date"] = date,
                ["Digest"] = digest,
                ["Signature"] = signature,
            }, body)
        end
        k = k + 1
    end
end

function request()
    i = i % n + 1
    return requests[i]
end
