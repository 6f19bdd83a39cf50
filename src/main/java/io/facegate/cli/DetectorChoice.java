package io.facegate.cli;

/** Which face-api.js detector runs first in the pipeline. */
public enum DetectorChoice {
    /** TinyFaceDetector: fast; input size a multiple of 32 (face-api.js default 416). */
    TINY,
    /** SSD MobileNet v1: slower, finds more small or turned faces; fixed 512×512 input. */
    SSD
}
