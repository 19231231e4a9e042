#ifndef RECLAB_CBLAS_SHIM_H
#define RECLAB_CBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
