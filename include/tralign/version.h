// tralign/version.h: the library's version.
#ifndef TRALIGN_VERSION_H_
#define TRALIGN_VERSION_H_

#define TRALIGN_VERSION_MAJOR 0
#define TRALIGN_VERSION_MINOR 1
#define TRALIGN_VERSION_PATCH 0
#define TRALIGN_VERSION_STRING "0.1.0"

namespace tralign {
// The version of the library linked ("0.1.0").
const char* version();
}  // namespace tralign

#endif  // TRALIGN_VERSION_H_
