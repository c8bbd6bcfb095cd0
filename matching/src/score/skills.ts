/**
 * Skill coverage. Required skills are a hard filter, so an eligible vendor has
 * all of them; the fit then grows with the nice-to-have skills it also has:
 *
 *   fit = (required + w * niceMatched) / (required + w * niceWanted),  w = niceToHaveSkillWeight
 *
 * A demand with no skills at all gives every vendor a full fit.
 */
export function skillsFit(
  requiredCount: number,
  niceToHaveCount: number,
  niceToHaveMatched: number,
  niceToHaveWeight: number,
): number {
  const wanted = requiredCount + niceToHaveWeight * niceToHaveCount;
  if (wanted === 0) return 1;
  return (requiredCount + niceToHaveWeight * niceToHaveMatched) / wanted;
}
