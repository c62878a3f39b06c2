/** Every refused API request's answer (server/http/sendError.ts): a sentence for the person. */
export interface ApiError {
  error: string;
}
