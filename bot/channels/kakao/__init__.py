"""KakaoTalk: Open Builder skill requests in, SkillResponses and Event API calls out."""
