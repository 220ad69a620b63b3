#pragma once
// bx-link's job: the smaller input held, the larger streamed (lib/link_side.h), the engine run
// (lib/linkage.h), then the pairs file, the review list and the unmatched right records written
// in one more pass over the streamed input.
#include <string>
#include <vector>

#include "dates.h"
#include "linkage.h"
#include "tool.h"

namespace bx {

struct LinkJobOptions {
    std::string left, right;  // paths; one may be "-" (stdin, spooled to a temporary file)
    std::vector<std::string> keep;
    std::string unmatched_right, review, decisions, save_model, model;
    Date as_of = today();
    LinkOptions link;
};

// Runs the job; counts go to tool.summary().
void run_link(Tool& tool, LinkJobOptions& options);

}  // namespace bx
