import RecServe
