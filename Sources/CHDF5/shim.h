#ifndef RECLAB_CHDF5_SHIM_H
#define RECLAB_CHDF5_SHIM_H
#include <hdf5.h>

/* HDF5's predefined type and property-list ids are macros over global variables that Swift cannot
   import; these inline accessors expose them as functions. */
static inline hid_t reclab_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t reclab_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t reclab_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t reclab_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t reclab_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t reclab_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t reclab_h5t_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t reclab_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t reclab_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t reclab_h5t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t reclab_h5t_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t reclab_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t reclab_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t reclab_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t reclab_h5p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t reclab_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t reclab_h5s_all(void) { return H5S_ALL; }
static inline size_t reclab_h5t_variable(void) { return H5T_VARIABLE; }
static inline unsigned reclab_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned reclab_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned reclab_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned reclab_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }

/* Silence HDF5's default error stack printer; the Swift wrapper reports errors itself. */
static inline void reclab_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
#endif
