// Minimal declarations of the ONNX Runtime C API: only the types and the function-table slots
// Chatterbox calls. No registry ships onnxruntime_c_api.h; the table (OrtApi) is append-only, so
// slot N is the same function in every API version, and unused slots are padding here.
// Slot numbers: the order of the OrtApi struct in ONNX Runtime's onnxruntime_c_api.h (ORT_API_VERSION 28). The library is dlopen'ed at
// run time; nothing here links against it.
#ifndef CHATTERBOX_ONNXRUNTIME_MIN_H
#define CHATTERBOX_ONNXRUNTIME_MIN_H

#include <stddef.h>
#include <stdint.h>

typedef struct OrtStatus OrtStatus;
typedef struct OrtEnv OrtEnv;
typedef struct OrtSession OrtSession;
typedef struct OrtSessionOptions OrtSessionOptions;
typedef struct OrtRunOptions OrtRunOptions;
typedef struct OrtValue OrtValue;
typedef struct OrtMemoryInfo OrtMemoryInfo;
typedef struct OrtTensorTypeAndShapeInfo OrtTensorTypeAndShapeInfo;
typedef struct OrtAllocator OrtAllocator;
typedef struct OrtCUDAProviderOptionsV2 OrtCUDAProviderOptionsV2;
typedef struct OrtTypeInfo OrtTypeInfo;

/// OrtLoggingLevel: 0 verbose, 1 info, 2 warning, 3 error, 4 fatal.
typedef int OrtLoggingLevelValue;
/// ONNXTensorElementDataType values used here.
enum { ORT_TENSOR_FLOAT = 1, ORT_TENSOR_INT64 = 7 };
/// OrtAllocatorType / OrtMemType values used here.
enum { ORT_ARENA_ALLOCATOR = 1, ORT_MEM_TYPE_DEFAULT = 0 };
/// GraphOptimizationLevel: 99 = all.
enum { ORT_ENABLE_ALL = 99 };

typedef struct OrtApi {
    void *slots_0_1[2];                                                                   /* 0-1 */
    const char *(*GetErrorMessage)(const OrtStatus *status);                              /* 2 */
    OrtStatus *(*CreateEnv)(OrtLoggingLevelValue level, const char *logid, OrtEnv **out); /* 3 */
    void *slots_4_6[3];
    OrtStatus *(*CreateSession)(const OrtEnv *env, const char *model_path,
                                const OrtSessionOptions *options, OrtSession **out);     /* 7 */
    OrtStatus *(*CreateSessionFromArray)(const OrtEnv *env, const void *model_data, size_t model_data_length,
                                         const OrtSessionOptions *options, OrtSession **out);   /* 8 */
    OrtStatus *(*Run)(OrtSession *session, const OrtRunOptions *run_options,
                      const char *const *input_names, const OrtValue *const *inputs, size_t input_len,
                      const char *const *output_names, size_t output_names_len,
                      OrtValue **outputs);                                                /* 9 */
    OrtStatus *(*CreateSessionOptions)(OrtSessionOptions **options);                      /* 10 */
    void *slots_11_16[6];
    OrtStatus *(*DisableMemPattern)(OrtSessionOptions *options);                          /* 17 */
    void *slot_18;
    void *slot_19;
    void *slots_20_22[3];
    OrtStatus *(*SetSessionGraphOptimizationLevel)(OrtSessionOptions *options, int level); /* 23 */
    OrtStatus *(*SetIntraOpNumThreads)(OrtSessionOptions *options, int threads);          /* 24 */
    OrtStatus *(*SetInterOpNumThreads)(OrtSessionOptions *options, int threads);          /* 25 */
    void *slots_26_29[4];
    OrtStatus *(*SessionGetInputCount)(const OrtSession *session, size_t *out);           /* 30 */
    OrtStatus *(*SessionGetOutputCount)(const OrtSession *session, size_t *out);          /* 31 */
    void *slot_32;
    OrtStatus *(*SessionGetInputTypeInfo)(const OrtSession *session, size_t index, OrtTypeInfo **out); /* 33 */
    void *slots_34_35[2];
    OrtStatus *(*SessionGetInputName)(const OrtSession *session, size_t index,
                                      OrtAllocator *allocator, char **value);             /* 36 */
    void *slots_37_48[12];
    OrtStatus *(*CreateTensorWithDataAsOrtValue)(const OrtMemoryInfo *info, void *data, size_t data_len,
                                                 const int64_t *shape, size_t shape_len, int type,
                                                 OrtValue **out);                         /* 49 */
    void *slot_50;
    OrtStatus *(*GetTensorMutableData)(OrtValue *value, void **out);                      /* 51 */
    void *slots_52_54[3];
    OrtStatus *(*CastTypeInfoToTensorInfo)(const OrtTypeInfo *info, const OrtTensorTypeAndShapeInfo **out); /* 55 */
    void *slots_56_59[4];
    OrtStatus *(*GetTensorElementType)(const OrtTensorTypeAndShapeInfo *info, int *out);  /* 60 */
    OrtStatus *(*GetDimensionsCount)(const OrtTensorTypeAndShapeInfo *info, size_t *out); /* 61 */
    OrtStatus *(*GetDimensions)(const OrtTensorTypeAndShapeInfo *info, int64_t *values, size_t count); /* 62 */
    void *slot_63;
    OrtStatus *(*GetTensorShapeElementCount)(const OrtTensorTypeAndShapeInfo *info, size_t *out); /* 64 */
    OrtStatus *(*GetTensorTypeAndShape)(const OrtValue *value, OrtTensorTypeAndShapeInfo **out);  /* 65 */
    void *slots_66_68[3];
    OrtStatus *(*CreateCpuMemoryInfo)(int allocator_type, int mem_type, OrtMemoryInfo **out);     /* 69 */
    void *slots_70_75[6];
    OrtStatus *(*AllocatorFree)(OrtAllocator *allocator, void *pointer);                  /* 76 */
    void *slot_77;
    OrtStatus *(*GetAllocatorWithDefaultOptions)(OrtAllocator **out);                     /* 78 */
    void *slots_79_91[13];
    void (*ReleaseEnv)(OrtEnv *env);                                                      /* 92 */
    void (*ReleaseStatus)(OrtStatus *status);                                             /* 93 */
    void (*ReleaseMemoryInfo)(OrtMemoryInfo *info);                                       /* 94 */
    void (*ReleaseSession)(OrtSession *session);                                          /* 95 */
    void (*ReleaseValue)(OrtValue *value);                                                /* 96 */
    void *slot_97;
    void (*ReleaseTypeInfo)(OrtTypeInfo *info);                                           /* 98 */
    void (*ReleaseTensorTypeAndShapeInfo)(OrtTensorTypeAndShapeInfo *info);               /* 99 */
    void (*ReleaseSessionOptions)(OrtSessionOptions *options);                            /* 100 */
    void *slots_101_124[24];
    OrtStatus *(*GetAvailableProviders)(char ***providers, int *count);                   /* 125 */
    OrtStatus *(*ReleaseAvailableProviders)(char **providers, int count);                 /* 126 */
    void *slots_127_203[77];
    OrtStatus *(*SessionOptionsAppendExecutionProvider_CUDA_V2)(OrtSessionOptions *options,
                                                               const OrtCUDAProviderOptionsV2 *cuda); /* 204 */
    OrtStatus *(*CreateCUDAProviderOptions)(OrtCUDAProviderOptionsV2 **out);             /* 205 */
    void *slots_206_207[2];
    void (*ReleaseCUDAProviderOptions)(OrtCUDAProviderOptionsV2 *options);                /* 208 */
} OrtApi;

_Static_assert(offsetof(OrtApi, CreateSession) == 7 * sizeof(void *), "OrtApi slot 7");
_Static_assert(offsetof(OrtApi, CreateSessionFromArray) == 8 * sizeof(void *), "OrtApi slot 8");
_Static_assert(offsetof(OrtApi, SessionGetInputTypeInfo) == 33 * sizeof(void *), "OrtApi slot 33");
_Static_assert(offsetof(OrtApi, CreateTensorWithDataAsOrtValue) == 49 * sizeof(void *), "OrtApi slot 49");
_Static_assert(offsetof(OrtApi, CastTypeInfoToTensorInfo) == 55 * sizeof(void *), "OrtApi slot 55");
_Static_assert(offsetof(OrtApi, GetTensorElementType) == 60 * sizeof(void *), "OrtApi slot 60");
_Static_assert(offsetof(OrtApi, ReleaseTypeInfo) == 98 * sizeof(void *), "OrtApi slot 98");
_Static_assert(offsetof(OrtApi, GetTensorTypeAndShape) == 65 * sizeof(void *), "OrtApi slot 65");
_Static_assert(offsetof(OrtApi, ReleaseSessionOptions) == 100 * sizeof(void *), "OrtApi slot 100");
_Static_assert(offsetof(OrtApi, ReleaseAvailableProviders) == 126 * sizeof(void *), "OrtApi slot 126");
_Static_assert(offsetof(OrtApi, ReleaseCUDAProviderOptions) == 208 * sizeof(void *), "OrtApi slot 208");

typedef struct OrtApiBase {
    const OrtApi *(*GetApi)(uint32_t version);
    const char *(*GetVersionString)(void);
} OrtApiBase;

/// The one symbol the library exports.
typedef const OrtApiBase *(*OrtGetApiBaseFunction)(void);

#endif
