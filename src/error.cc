// The version string; the exception classes are header-only.
#include "tralign/error.h"
#include "tralign/version.h"

namespace tralign {

const char* version() { return TRALIGN_VERSION_STRING; }

}  // namespace tralign
