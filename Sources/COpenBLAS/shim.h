// OpenBLAS's CBLAS interface (Debian: libopenblas-dev), for the embedding model's matrix products.
#include <cblas.h>
