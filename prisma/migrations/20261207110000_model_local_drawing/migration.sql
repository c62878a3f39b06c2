-- Whether a model version's decoder may be sent to the browsers of its rooms' link holders (they then
-- draw faces on their own devices). Off unless an admin allows it; registering a model trained on
-- synthetic portraits turns it on.
ALTER TABLE "ModelVersion" ADD COLUMN "localDrawing" BOOLEAN NOT NULL DEFAULT false;
