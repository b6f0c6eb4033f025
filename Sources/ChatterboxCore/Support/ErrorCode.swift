/// Every error code the product answers with, each with its one kind — and so its one HTTP status, whether the
/// fallback chain moves on and whether a job is retried. A code cannot be thrown with another kind: the kind is
/// not given where an error is made, it is looked up here (`ChatterboxErrorTests` walks every code).
public enum ErrorCode: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// The code as clients see it, `text_too_long`.
    public var description: String { rawValue }

    // badInput
    case badFrame = "bad_frame"
    case checksumMismatch = "checksum_mismatch"
    case clipSilent = "clip_silent"
    case clipTooLong = "clip_too_long"
    case clipTooShort = "clip_too_short"
    case emptyText = "empty_text"
    case fieldTooLarge = "field_too_large"
    case insecureSource = "insecure_source"
    case invalidCatalog = "invalid_catalog"
    case invalidClip = "invalid_clip"
    case invalidConfig = "invalid_config"
    case invalidCursor = "invalid_cursor"
    case invalidEmbedding = "invalid_embedding"
    case invalidFormat = "invalid_format"
    case invalidIdempotencyKey = "invalid_idempotency_key"
    case invalidJson = "invalid_json"
    case invalidLexicon = "invalid_lexicon"
    case invalidLimit = "invalid_limit"
    case invalidMultipart = "invalid_multipart"
    case invalidName = "invalid_name"
    case invalidParameter = "invalid_parameter"
    case invalidPriority = "invalid_priority"
    case invalidPurge = "invalid_purge"
    case invalidSampleRate = "invalid_sample_rate"
    case invalidSetting = "invalid_setting"
    case invalidSource = "invalid_source"
    case invalidSpeed = "invalid_speed"
    case invalidSsml = "invalid_ssml"
    case invalidStatus = "invalid_status"
    case invalidStore = "invalid_store"
    case invalidStreamFormat = "invalid_stream_format"
    case invalidText = "invalid_text"
    case invalidTextFormat = "invalid_text_format"
    case invalidType = "invalid_type"
    case invalidUtf8 = "invalid_utf8"
    case invalidValue = "invalid_value"
    case invalidVoice = "invalid_voice"
    case missingField = "missing_field"
    case noStream = "no_stream"
    case outputNotWritable = "output_not_writable"
    case textNotSpeakable = "text_not_speakable"
    case textTooLong = "text_too_long"
    case tooManyParts = "too_many_parts"
    case unknownEvent = "unknown_event"
    case unknownField = "unknown_field"
    case unknownLanguage = "unknown_language"
    case unknownLexicon = "unknown_lexicon"
    case unknownModel = "unknown_model"
    case unknownSetting = "unknown_setting"
    case unknownSpeaker = "unknown_speaker"
    case unknownVoice = "unknown_voice"
    case unreadableAudio = "unreadable_audio"
    case unreadableFile = "unreadable_file"
    case unsupportedFormat = "unsupported_format"
    // unauthorized
    case unauthorized = "unauthorized"
    // forbidden
    case hostNotAllowed = "host_not_allowed"
    case originNotAllowed = "origin_not_allowed"
    // notFound
    case noCaptions = "no_captions"
    case notFound = "not_found"
    // methodNotAllowed
    case methodNotAllowed = "method_not_allowed"
    // conflict
    case alreadyFinished = "already_finished"
    case idempotencyConflict = "idempotency_conflict"
    case jobCancelled = "job_cancelled"
    case notFinished = "not_finished"
    case voiceExists = "voice_exists"
    case voiceInUse = "voice_in_use"
    case voiceReadOnly = "voice_read_only"
    // gone
    case audioGone = "audio_gone"
    // tooLarge
    case bodyTooLarge = "body_too_large"
    case uploadTooLarge = "upload_too_large"
    // unsupportedMediaType
    case unsupportedFileType = "unsupported_file_type"
    case unsupportedMediaType = "unsupported_media_type"
    // tooManyRequests
    case rateLimited = "rate_limited"
    case speechBusy = "speech_busy"
    // internalFailure
    case badResponse = "bad_response"
    case checkFailed = "check_failed"
    case crashedWorker = "crashed_worker"
    case engineCrashed = "engine_crashed"
    case engineError = "engine_error"
    case engineFailure = "engine_failure"
    case internalError = "internal_error"
    case ioError = "io_error"
    case jobFailed = "job_failed"
    case serverUnreachable = "server_unreachable"
    case storeTooNew = "store_too_new"
    case unknownOp = "unknown_op"
    case unknownStoredValue = "unknown_stored_value"
    case voiceUnloadable = "voice_unloadable"
    // unavailable
    case catalogUnreachable = "catalog_unreachable"
    case downloadFailed = "download_failed"
    case engineUnavailable = "engine_unavailable"
    case notReady = "not_ready"
    // timeout
    case engineTimeout = "engine_timeout"
    case waitTimeout = "wait_timeout"
    // storageFull
    case insufficientStorage = "insufficient_storage"

    /// Who is to blame when this code is answered.
    public var kind: ChatterboxError.Kind {
        switch self {
        case .badFrame, .checksumMismatch, .clipSilent, .clipTooLong, .clipTooShort, .emptyText, .fieldTooLarge,
             .insecureSource, .invalidCatalog, .invalidClip, .invalidConfig, .invalidCursor, .invalidEmbedding,
             .invalidFormat, .invalidIdempotencyKey, .invalidJson, .invalidLexicon, .invalidLimit, .invalidMultipart,
             .invalidName, .invalidParameter, .invalidPriority, .invalidPurge, .invalidSampleRate, .invalidSetting,
             .invalidSource, .invalidSpeed, .invalidSsml, .invalidStatus, .invalidStore, .invalidStreamFormat,
             .invalidText, .invalidTextFormat, .invalidType, .invalidUtf8, .invalidValue, .invalidVoice,
             .missingField, .noStream, .outputNotWritable, .textNotSpeakable, .textTooLong, .tooManyParts,
             .unknownEvent, .unknownField, .unknownLanguage, .unknownLexicon, .unknownModel, .unknownSetting,
             .unknownSpeaker, .unknownVoice, .unreadableAudio, .unreadableFile, .unsupportedFormat:
            .badInput
        case .unauthorized:
            .unauthorized
        case .hostNotAllowed, .originNotAllowed:
            .forbidden
        case .noCaptions, .notFound:
            .notFound
        case .methodNotAllowed:
            .methodNotAllowed
        case .alreadyFinished, .idempotencyConflict, .jobCancelled, .notFinished, .voiceExists, .voiceInUse, .voiceReadOnly:
            .conflict
        case .audioGone:
            .gone
        case .bodyTooLarge, .uploadTooLarge:
            .tooLarge
        case .unsupportedFileType, .unsupportedMediaType:
            .unsupportedMediaType
        case .rateLimited, .speechBusy:
            .tooManyRequests
        case .badResponse, .checkFailed, .crashedWorker, .engineCrashed, .engineError, .engineFailure, .internalError, .ioError, .jobFailed,
             .serverUnreachable, .storeTooNew, .unknownOp, .unknownStoredValue, .voiceUnloadable:
            .internalFailure
        case .catalogUnreachable, .downloadFailed, .engineUnavailable, .notReady:
            .unavailable
        case .engineTimeout, .waitTimeout:
            .timeout
        case .insufficientStorage:
            .storageFull
        }
    }
}
