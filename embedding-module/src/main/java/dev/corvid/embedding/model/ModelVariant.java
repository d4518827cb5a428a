package dev.corvid.embedding.model;

/**
 * The BGE-small-en-v1.5 ONNX files Corvid ships, as resources inside the langchain4j model artifacts: the fp32
 * export and its int8 (dynamically quantized) twin. Both share one tokenizer.
 */
public enum ModelVariant {
    /** Full precision; the reference vectors come from this file. */
    FP32("bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json"),
    /**
     * int8 weights (dynamic quantization, U8S8 {@code MatMulInteger}): 2.8–3.0× fp32 through the service with AMX,
     * 2.0–2.2× with AVX-512 VNNI; cosine ≥ 0.99 to fp32 on the English reference texts, down to 0.966 on other scripts
     * and full-width forms (docs/benchmarks/embedding-cpu.md).
     */
    INT8("bge-small-en-v1.5-int8", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json");

    /** The model name the API reports and accepts. */
    public final String modelName;
    final String onnxResource;
    final String tokenizerResource;

    ModelVariant(String modelName, String onnxResource, String tokenizerResource) {
        this.modelName = modelName;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
    }

    /** Hidden size of the model: the length of every vector. */
    public static final int DIMENSIONS = 384;
    /** Most tokens the model takes, [CLS] and [SEP] included. */
    public static final int MAX_TOKENS = 512;
}
