package io.lmdeck.cli;

/** Contract-shaped answers (contract section 2) for the fake server. */
final class Fixtures {
    private Fixtures() {
    }

    static final String QWEN_INSTANCE = """
            {"instance_id":"qwen3-8b","model_id":"qwen3-8b","context_length":4096,"loaded_by":"lmdeck",
             "loaded_at":"2026-11-24T07:00:00Z","memory_bytes":5030000000}""";

    static final String QWEN_8B = """
            {"model_id":"qwen3-8b","display_name":"Qwen3 8B","type":"llm","publisher":"qwen","architecture":"qwen3",
             "quantization":"Q4_K_M","params":"8B","size_bytes":5030000000,"max_context_length":32768,"format":"gguf",
             "vision":false,"tool_use":true,"state":"loaded","progress":null,"instances":[%s]}""".formatted(QWEN_INSTANCE);

    static final String CATALOG = """
            {"online":true,"stale":false,"models":[
              %s,
              {"model_id":"qwen3-32b","display_name":"Qwen3 32B","type":"llm","publisher":"qwen","architecture":"qwen3",
               "quantization":"Q4_K_M","params":"32B","size_bytes":19800000000,"max_context_length":32768,"format":"gguf",
               "vision":false,"tool_use":true,"state":"not_loaded","progress":null,"instances":[]},
              {"model_id":"llama-3.2-1b-instruct","display_name":"Llama 3.2 1B Instruct","type":"llm","publisher":"meta",
               "architecture":"llama","quantization":"Q8_0","params":"1B","size_bytes":1320000000,"max_context_length":131072,
               "format":"gguf","vision":false,"tool_use":false,"state":"not_loaded","progress":null,"instances":[]},
              {"model_id":"text-embedding-nomic-embed-text-v1.5","display_name":"Nomic Embed Text v1.5","type":"embedding",
               "publisher":"nomic-ai","architecture":"nomic-bert","quantization":"Q4_K_M","params":null,"size_bytes":84000000,
               "max_context_length":2048,"format":"gguf","vision":false,"tool_use":false,"state":"not_loaded",
               "progress":null,"instances":[]}
            ]}""".formatted(QWEN_8B);

    static final String STATUS = """
            {"lmstudio":{"online":true,"status":"ready","base_url":"http://localhost:1234","version":"0.3.31",
             "transport":"websocket","active_model":%s,"loaded":[%s],"loading":null,
             "memory":{"loaded_bytes":5030000000,"estimated_bytes":null,"host_total_bytes":64000000000,
                       "host_available_bytes":41000000000},
             "last_error":null,"checked_at":"2026-11-24T07:05:00Z"}}""".formatted(QWEN_8B, QWEN_INSTANCE);

    static final String STATUS_OFFLINE = """
            {"lmstudio":{"online":false,"status":"offline","base_url":"http://localhost:1234","version":null,
             "transport":null,"active_model":null,"loaded":[],"loading":null,
             "memory":{"loaded_bytes":0,"estimated_bytes":null,"host_total_bytes":null,"host_available_bytes":null},
             "last_error":{"code":"lmstudio_offline","message":"LM Studio is not reachable at http://localhost:1234",
                           "model_id":null,"at":"2026-11-24T07:04:00Z"},
             "checked_at":"2026-11-24T07:05:00Z"}}""";

    static final String STATUS_LOADING = """
            {"lmstudio":{"online":true,"status":"loading","base_url":"http://localhost:1234","version":"0.3.31",
             "transport":"websocket","active_model":null,"loaded":[],
             "loading":{"model_id":"qwen3-32b","operation_id":"op-7","progress":0.25,"eta_seconds":12.0,
                        "started_at":"2026-11-24T07:04:50Z"},
             "memory":{"loaded_bytes":0,"estimated_bytes":21000000000,"host_total_bytes":null,"host_available_bytes":null},
             "last_error":null,"checked_at":"2026-11-24T07:05:00Z"}}""";

    static String event(long id, String type, String operation, String model, String message, String details) {
        return """
                {"id":%d,"type":"%s","at":"2026-11-24T07:05:%02dZ","model_id":"%s","operation_id":"%s","cause":"cli",
                 "message":"%s","details":%s}""".formatted(id, type, id % 60, model, operation, message, details)
                .replace("\n", "");
    }

    static String activity(String... events) {
        return "{\"items\":[" + String.join(",", events) + "],\"next_before\":null}";
    }

    static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** The fake server with the catalogue and status answered. */
    static FakeLmdeck server() throws java.io.IOException {
        return new FakeLmdeck()
                .json("GET", "/api/models/lmstudio", 200, CATALOG)
                .json("GET", "/api/models/lmstudio/status", 200, STATUS);
    }
}
