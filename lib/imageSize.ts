/** The portrait format every model in Likeness decodes to. */
export const FACE_WIDTH = 144;
export const FACE_HEIGHT = 192;
export const FACE_CHANNELS = 3;
export const LATENT_SIZE = 80;
