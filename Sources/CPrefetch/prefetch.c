// The target's one source file (SwiftPM needs one); the function lives in the header.
#include "prefetch.h"
