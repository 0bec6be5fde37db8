// usage.h: the text of `tralign --help` and `tralign COMMAND --help`.
#ifndef TRALIGN_EXAMPLES_USAGE_H_
#define TRALIGN_EXAMPLES_USAGE_H_

#include <string_view>

namespace tralign::cli {

// The help for `command` ("segment", "align", "diff"), or the overview for "".
std::string_view usage(std::string_view command);

}  // namespace tralign::cli

#endif  // TRALIGN_EXAMPLES_USAGE_H_
